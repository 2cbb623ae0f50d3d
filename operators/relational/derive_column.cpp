// DeriveColumn: the three derivations over one source column each.
#include "operators/relational/derive_column.hpp"

#include <cmath>
#include <limits>
#include <memory>
#include <unordered_map>

#include "operators/relational/numeric.hpp"
#include "runtime/error.hpp"

namespace moce {
namespace {

const Column& categorical(const Relation& rows, const std::string& name) {
  const Column& c = rows.column(name);
  if (c.type() != ColumnType::kCategorical)
    throw Error(cat("derive_column: column '", name, "' is ", to_string(c.type()), ", not categorical"));
  return c;
}

// For each code of `c`'s dictionary, the index `index_of(value)` gives (or -1).
template <class IndexOf>
std::vector<std::int32_t> per_code(const Column& c, IndexOf&& index_of) {
  std::vector<std::int32_t> out(static_cast<std::size_t>(c.dictionary()->size()));
  for (std::size_t code = 0; code < out.size(); ++code)
    out[code] = index_of(c.dictionary()->value(static_cast<std::int32_t>(code)));
  return out;
}

}  // namespace

DeriveColumn DeriveColumn::window_label(std::string time_column, double historical_start, double historical_end,
                                        double anomaly_start, double anomaly_end, std::string as) {
  DeriveColumn d;
  d.kind_ = Kind::kWindowLabel;
  d.column_ = std::move(time_column);
  d.as_ = std::move(as);
  d.windows_[0] = historical_start;
  d.windows_[1] = historical_end;
  d.windows_[2] = anomaly_start;
  d.windows_[3] = anomaly_end;
  return d;
}

DeriveColumn DeriveColumn::flag(std::string column, std::vector<std::string> values, std::string as) {
  DeriveColumn d;
  d.kind_ = Kind::kFlag;
  d.column_ = std::move(column);
  d.values_ = std::move(values);
  d.as_ = std::move(as);
  return d;
}

DeriveColumn DeriveColumn::map_values(std::string column, std::vector<std::pair<std::string, std::string>> mapping,
                                      std::string as) {
  DeriveColumn d;
  d.kind_ = Kind::kMapValues;
  d.column_ = std::move(column);
  d.mapping_ = std::move(mapping);
  d.as_ = std::move(as);
  return d;
}

std::string DeriveColumn::name() const {
  static constexpr const char* kKinds[] = {"window_label", "flag", "map_values"};
  return cat("derive_column(", kKinds[static_cast<int>(kind_)], ":", column_, "->", as_, ")");
}

void DeriveColumn::hash_params(Hasher& h) const {
  h.add(kind_);
  h.add(column_);
  h.add(as_);
  for (double w : windows_) h.add(w);
  h.add(values_);
  h.add(mapping_);
}

Column DeriveColumn::derive(const Relation& rows) const {
  const std::size_t n = rows.num_rows();
  switch (kind_) {
    case Kind::kWindowLabel: {
      const Column& time = rows.column(column_);
      require_numeric(time, "derive_column: time", column_);
      std::vector<std::int64_t> label(n, -1);
      for (std::size_t r = 0; r < n; ++r) {
        const double t = numeric_at(time, r);
        if (t >= windows_[2] && t < windows_[3]) {
          label[r] = 1;
        } else if (t >= windows_[0] && t < windows_[1]) {
          label[r] = 0;
        }
      }
      return Column::int64(std::move(label));
    }
    case Kind::kFlag: {
      const Column& c = categorical(rows, column_);
      const auto hit = per_code(c, [&](const std::string& value) {
        for (const auto& v : values_)
          if (v == value) return 1;
        return 0;
      });
      std::vector<double> out(n);
      const auto codes = c.codes();
      for (std::size_t r = 0; r < n; ++r)
        out[r] = codes[r] < 0 ? std::numeric_limits<double>::quiet_NaN() : hit[static_cast<std::size_t>(codes[r])];
      return Column::real(std::move(out));
    }
    case Kind::kMapValues: {
      const Column& c = categorical(rows, column_);
      auto tokens = std::make_shared<Dictionary>();
      std::unordered_map<std::string, std::int32_t> token_of;
      for (const auto& [value, token] : mapping_) token_of.emplace(value, tokens->intern(token));
      const auto map = per_code(c, [&](const std::string& value) {
        const auto it = token_of.find(value);
        return it == token_of.end() ? kMissingCode : it->second;
      });
      std::vector<std::int32_t> out(n);
      const auto codes = c.codes();
      for (std::size_t r = 0; r < n; ++r) out[r] = codes[r] < 0 ? kMissingCode : map[static_cast<std::size_t>(codes[r])];
      tokens->set_name(as_);
      return Column::categorical(std::move(out), std::move(tokens));
    }
  }
  MOCE_ASSERT(false, "derive_column: unknown kind");
  return {};
}

Relation DeriveColumn::run(const Relation& rows) const {
  if (rows.has(as_)) throw Error(cat(name(), ": the relation already has a column '", as_, "'"));
  Relation out = rows;
  out.add(as_, derive(rows));
  return out;
}

Sequence DeriveColumn::run(const Sequence& events) const {
  const auto offsets = events.offsets();
  return Sequence(run(events.rows()), std::vector<std::int64_t>(offsets.begin(), offsets.end()));
}

}  // namespace moce
