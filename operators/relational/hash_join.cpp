// HashJoin: build a key table over the right side, probe with the left.
#include "operators/relational/hash_join.hpp"

#include <algorithm>
#include <cmath>

#include "operators/relational/key_table.hpp"

namespace moce {

HashJoin::HashJoin(std::vector<std::string> left_keys, std::vector<std::string> right_keys, JoinKind kind,
                   std::string suffix)
    : left_keys_(std::move(left_keys)), right_keys_(std::move(right_keys)), kind_(kind), suffix_(std::move(suffix)) {
  if (left_keys_.size() != right_keys_.size() || left_keys_.empty())
    throw Error(cat("hash join needs the same, non-zero number of left and right keys (got ", left_keys_.size(),
                    " and ", right_keys_.size(), ")"));
}

std::string HashJoin::name() const {
  std::string s = kind_ == JoinKind::kInner ? "inner_join(" : "left_join(";
  for (std::size_t i = 0; i < left_keys_.size(); ++i) s += cat(i ? "," : "", left_keys_[i], "=", right_keys_[i]);
  return s + ")";
}

namespace {

// Key values of one side as int64; `translate` maps right codes into the left dictionary.
std::vector<std::int64_t> key_values(const Column& c, const std::vector<std::int32_t>* translate) {
  std::vector<std::int64_t> out(c.size());
  if (c.type() == ColumnType::kInt64) {
    std::copy(c.int64s().begin(), c.int64s().end(), out.begin());
  } else {
    auto codes = c.codes();
    for (std::size_t r = 0; r < out.size(); ++r) {
      std::int32_t code = codes[r];
      if (translate && code >= 0) code = (*translate)[static_cast<std::size_t>(code)];
      out[r] = code == kMissingCode ? kMissingInt64 : code;
    }
  }
  return out;
}

}  // namespace

std::vector<std::pair<std::int64_t, std::int64_t>> HashJoin::pairs(const Relation& left, const Relation& right) const {
  const std::size_t width = left_keys_.size();
  std::vector<std::vector<std::int64_t>> lk(width), rk(width);
  for (std::size_t k = 0; k < width; ++k) {
    const Column &a = left.column(left_keys_[k]), &b = right.column(right_keys_[k]);
    if (a.type() == ColumnType::kDouble || a.type() != b.type())
      throw Error(cat("join keys '", left_keys_[k], "' (", to_string(a.type()), ") and '", right_keys_[k], "' (",
                      to_string(b.type()), ") must both be int64 or both categorical"));
    std::vector<std::int32_t> translate;
    const bool differ = a.type() == ColumnType::kCategorical && a.dictionary() != b.dictionary() &&
                        !(*a.dictionary() == *b.dictionary());
    if (differ)
      for (auto& v : b.dictionary()->values()) translate.push_back(a.dictionary()->find(v));
    lk[k] = key_values(a, nullptr);
    rk[k] = key_values(b, differ ? &translate : nullptr);
  }
  auto missing = [&](const std::vector<std::vector<std::int64_t>>& keys, std::size_t r) {
    for (auto& col : keys)
      if (col[r] == kMissingInt64) return true;
    return false;
  };

  // Right rows bucketed by key id (CSR), in right order.
  const std::size_t nr = right.num_rows(), nl = left.num_rows();
  detail::KeyTable table(width, nr);
  std::vector<std::int32_t> id_of(nr, -1);
  std::vector<std::int64_t> tuple(width);
  for (std::size_t r = 0; r < nr; ++r) {
    if (missing(rk, r)) continue;
    for (std::size_t k = 0; k < width; ++k) tuple[k] = rk[k][r];
    id_of[r] = table.find_or_insert(tuple.data());
  }
  std::vector<std::int64_t> start(table.size() + 1, 0);
  for (auto id : id_of)
    if (id >= 0) ++start[static_cast<std::size_t>(id) + 1];
  for (std::size_t i = 1; i < start.size(); ++i) start[i] += start[i - 1];
  std::vector<std::int64_t> bucket(static_cast<std::size_t>(start.back()));
  std::vector<std::int64_t> fill(start.begin(), start.end() - 1);
  for (std::size_t r = 0; r < nr; ++r)
    if (id_of[r] >= 0)
      bucket[static_cast<std::size_t>(fill[static_cast<std::size_t>(id_of[r])]++)] = static_cast<std::int64_t>(r);

  std::vector<std::pair<std::int64_t, std::int64_t>> out;
  for (std::size_t l = 0; l < nl; ++l) {
    std::int32_t id = -1;
    if (!missing(lk, l)) {
      for (std::size_t k = 0; k < width; ++k) tuple[k] = lk[k][l];
      id = table.find(tuple.data());
    }
    if (id < 0) {
      if (kind_ == JoinKind::kLeft) out.emplace_back(static_cast<std::int64_t>(l), -1);
      continue;
    }
    for (auto i = start[static_cast<std::size_t>(id)]; i < start[static_cast<std::size_t>(id) + 1]; ++i)
      out.emplace_back(static_cast<std::int64_t>(l), bucket[static_cast<std::size_t>(i)]);
  }
  return out;
}

Relation HashJoin::run(const Relation& left, const Relation& right) const {
  auto matched = pairs(left, right);
  std::vector<std::int64_t> lrows(matched.size()), rrows(matched.size());
  for (std::size_t i = 0; i < matched.size(); ++i) {
    lrows[i] = matched[i].first;
    rrows[i] = matched[i].second;
  }
  Relation out = left.gather(lrows);
  for (std::size_t c = 0; c < right.num_columns(); ++c) {
    const std::string& name = right.name(c);
    if (std::find(right_keys_.begin(), right_keys_.end(), name) != right_keys_.end()) continue;
    const Column& col = right.column(c);
    std::string out_name = out.has(name) ? name + suffix_ : name;
    auto pick = [&](auto values, auto missing_value) {
      std::vector<std::remove_const_t<typename decltype(values)::value_type>> v(rrows.size());
      for (std::size_t i = 0; i < rrows.size(); ++i)
        v[i] = rrows[i] < 0 ? missing_value : values[static_cast<std::size_t>(rrows[i])];
      return v;
    };
    switch (col.type()) {
      case ColumnType::kInt64:
        out.add(out_name, Column::int64(pick(col.int64s(), kMissingInt64)));
        break;
      case ColumnType::kDouble:
        out.add(out_name, Column::real(pick(col.reals(), std::nan(""))));
        break;
      case ColumnType::kCategorical:
        out.add(out_name, Column::categorical(pick(col.codes(), kMissingCode), col.dictionary()));
        break;
    }
  }
  return out;
}

}  // namespace moce
