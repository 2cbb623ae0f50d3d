// Exact sample quantiles: the rule of numpy.percentile's default ("linear", Hyndman & Fan type 7).
#pragma once

#include <span>

namespace moce {

// The q-quantile (0 <= q <= 1) of `sorted` (ascending, no NaN): with h = (n-1) q, lo = floor(h)
// and g = h - lo, it is x[lo] + g (x[lo+1] - x[lo]), evaluated as b - (b-a)(1-g) when g >= 0.5
// exactly as numpy does, so results match numpy bit for bit. NaN when `sorted` is empty.
double quantile_sorted(std::span<const double> sorted, double q);

// The same quantile of unsorted `values` (no NaN) in O(n) by selection; reorders `values`.
double quantile_in_place(std::span<double> values, double q);

}  // namespace moce
