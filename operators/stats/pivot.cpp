// Pivot: sort-free two-pass build of the dense matrix (index the keys, then accumulate).
#include "operators/stats/pivot.hpp"

#include <algorithm>
#include <cmath>

#include "operators/relational/hash_join.hpp"  // kMissingInt64
#include "operators/relational/numeric.hpp"
#include "runtime/error.hpp"

namespace moce {

Pivot::Pivot(std::string row_key, std::string column_key, std::string value, Reduce reduce, double fill)
    : row_key_(std::move(row_key)), column_key_(std::move(column_key)), value_(std::move(value)), reduce_(reduce),
      fill_(fill) {}

void Pivot::hash_params(Hasher& h) const {
  h.add(row_key_);
  h.add(column_key_);
  h.add(value_);
  h.add(reduce_);
  h.add(fill_);
}

FeatureMatrix Pivot::run(const Relation& rows) const {
  const Column& row_column = rows.column(row_key_);
  const Column& column_column = rows.column(column_key_);
  const Column& value_column = rows.column(value_);
  if (row_column.type() != ColumnType::kInt64) throw Error(cat("pivot: row key '", row_key_, "' is not int64"));
  if (column_column.type() != ColumnType::kCategorical)
    throw Error(cat("pivot: column key '", column_key_, "' is not categorical"));
  require_numeric(value_column, "pivot: value", value_);
  const auto keys = row_column.int64s();
  const auto codes = column_column.codes();
  const std::size_t n = rows.num_rows();
  auto used = [&](std::size_t r) { return keys[r] != kMissingInt64 && codes[r] >= 0; };

  FeatureMatrix out;
  out.column_dictionary = column_column.dictionary();
  std::vector<std::int32_t> column_of(static_cast<std::size_t>(out.column_dictionary->size()), -1);
  for (std::size_t r = 0; r < n; ++r) {
    if (!used(r)) continue;
    out.row_keys.push_back(keys[r]);
    column_of[static_cast<std::size_t>(codes[r])] = 0;
  }
  std::sort(out.row_keys.begin(), out.row_keys.end());
  out.row_keys.erase(std::unique(out.row_keys.begin(), out.row_keys.end()), out.row_keys.end());
  for (std::size_t c = 0; c < column_of.size(); ++c) {
    if (column_of[c] < 0) continue;
    column_of[c] = static_cast<std::int32_t>(out.column_codes.size());
    out.column_codes.push_back(static_cast<std::int32_t>(c));
  }

  const auto rows_n = static_cast<Eigen::Index>(out.row_keys.size());
  const auto cols_n = static_cast<Eigen::Index>(out.column_codes.size());
  Eigen::MatrixXd sum = Eigen::MatrixXd::Zero(rows_n, cols_n);
  Eigen::MatrixXd count = Eigen::MatrixXd::Zero(rows_n, cols_n);
  for (std::size_t r = 0; r < n; ++r) {
    if (!used(r)) continue;
    const double v = numeric_at(value_column, r);
    if (std::isnan(v)) continue;
    const auto i = std::lower_bound(out.row_keys.begin(), out.row_keys.end(), keys[r]) - out.row_keys.begin();
    const auto j = column_of[static_cast<std::size_t>(codes[r])];
    sum(i, j) += v;
    count(i, j) += 1;
  }
  out.values.resize(rows_n, cols_n);
  for (Eigen::Index i = 0; i < rows_n; ++i)
    for (Eigen::Index j = 0; j < cols_n; ++j) {
      const double k = count(i, j);
      out.values(i, j) = k == 0 ? fill_ : reduce_ == Reduce::kSum ? sum(i, j) : reduce_ == Reduce::kCount ? k : sum(i, j) / k;
    }
  return out;
}

}  // namespace moce
