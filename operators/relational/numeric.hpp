// Numbers of an int64 or double column (times, counts, metrics) read as doubles: the one
// conversion the operators share, so int64 and double columns behave alike everywhere.
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

#include "operators/data/column.hpp"
#include "runtime/error.hpp"

namespace moce {

// Row `row` of an int64 or double column as a double (a categorical column is a bug here;
// check with require_numeric first).
inline double numeric_at(const Column& column, std::size_t row) {
  return column.type() == ColumnType::kDouble ? column.reals()[row] : static_cast<double>(column.int64s()[row]);
}

// Throws Error naming `what` and the column if it is categorical.
inline void require_numeric(const Column& column, std::string_view what, std::string_view name) {
  if (column.type() == ColumnType::kCategorical)
    throw Error(cat(what, ": column '", name, "' is categorical, not int64 or double"));
}

// The whole column as doubles (a copy).
inline std::vector<double> to_doubles(const Column& column) {
  std::vector<double> out(column.size());
  for (std::size_t r = 0; r < out.size(); ++r) out[r] = numeric_at(column, r);
  return out;
}

}  // namespace moce
