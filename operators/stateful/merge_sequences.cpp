// MergeSequences: a two-pointer merge per part over the concatenated rows.
#include "operators/stateful/merge_sequences.hpp"

#include <cmath>

#include "operators/relational/concat.hpp"
#include "operators/relational/numeric.hpp"

namespace moce {
Sequence MergeSequences::run(const Sequence& first, const Sequence& second) const {
  if (first.num_parts() != second.num_parts())
    throw Error(cat("merge_sequences: the sequences have ", first.num_parts(), " and ", second.num_parts(), " parts"));
  Relation both = concat({first.rows(), second.rows()});
  const Column& t = both.column(time_);
  if (t.type() == ColumnType::kCategorical)
    throw Error(cat("merge_sequences: time column '", time_, "' is categorical"));
  const auto shift = static_cast<std::int64_t>(first.rows().num_rows());
  auto a = first.offsets(), b = second.offsets();
  std::vector<std::int64_t> order, offsets(first.num_parts() + 1, 0);
  order.reserve(both.num_rows());
  auto later = [&](std::int64_t x, std::int64_t y) {  // x strictly after y; NaN last
    double tx = numeric_at(t, static_cast<std::size_t>(x)), ty = numeric_at(t, static_cast<std::size_t>(y));
    return tx > ty || (std::isnan(tx) && !std::isnan(ty));
  };
  for (std::size_t p = 0; p < first.num_parts(); ++p) {
    std::int64_t i = a[p], j = b[p] + shift;
    const std::int64_t i_end = a[p + 1], j_end = b[p + 1] + shift;
    while (i < i_end && j < j_end) order.push_back(later(i, j) ? j++ : i++);
    while (i < i_end) order.push_back(i++);
    while (j < j_end) order.push_back(j++);
    offsets[p + 1] = static_cast<std::int64_t>(order.size());
  }
  return Sequence(both.gather(order), std::move(offsets));
}

}  // namespace moce
