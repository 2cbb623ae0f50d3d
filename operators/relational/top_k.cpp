// TopK by partial sort; across ranks, each rank's own top k are gathered and ranked again.
#include "operators/relational/top_k.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "operators/relational/concat.hpp"
#include "operators/relational/numeric.hpp"

namespace moce {

std::string TopK::name() const {
  return cat("top_k(", column_, ",", k_, ",", order_ == SortOrder::kDescending ? "desc" : "asc", ")");
}

std::vector<std::int64_t> TopK::row_ids(const Relation& rows) const {
  const Column& c = rows.column(column_);
  if (c.type() == ColumnType::kCategorical)
    throw Error(cat("top-k needs an int64 or double column, but '", column_, "' is categorical"));
  std::vector<double> key(rows.num_rows());
  for (std::size_t r = 0; r < key.size(); ++r) {
    double x = numeric_at(c, r);
    key[r] = order_ == SortOrder::kDescending ? -x : x;  // smallest key first
  }
  // int64 values beyond 2^53 would tie as doubles; the row tie-break still makes it total.
  auto before = [&](std::int64_t a, std::int64_t b) {
    double x = key[static_cast<std::size_t>(a)], y = key[static_cast<std::size_t>(b)];
    bool xn = std::isnan(x), yn = std::isnan(y);
    if (xn != yn) return yn;
    if (!xn && x != y) return x < y;
    return a < b;
  };
  std::vector<std::int64_t> ids(rows.num_rows());
  std::iota(ids.begin(), ids.end(), 0);
  const std::size_t k = std::min(k_, ids.size());
  std::partial_sort(ids.begin(), ids.begin() + static_cast<std::ptrdiff_t>(k), ids.end(), before);
  ids.resize(k);
  return ids;
}

Relation TopK::run(const Relation& rows) const { return rows.gather(row_ids(rows)); }

Relation TopK::run(const Context& group, const Relation& shard) const {
  // A global top-k row is in its own rank's top k. Keeping each rank's candidates in row order
  // makes the gathered relation's order the global row order, so the tie-break carries over.
  auto ids = row_ids(shard);
  std::sort(ids.begin(), ids.end());
  Relation candidates = allgather_relation(group, shard.gather(ids));
  return run(candidates);
}

}  // namespace moce
