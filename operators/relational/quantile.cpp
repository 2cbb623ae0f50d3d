// numpy's linear quantile rule.
#include "operators/relational/quantile.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "runtime/error.hpp"

namespace moce {

namespace {

// The rule's position: lo = floor(h), g = h - lo, with h = (n-1) q.
struct Position {
  std::size_t lo;
  std::size_t hi;
  double gamma;
};
Position position(std::size_t n, double q) {
  MOCE_ASSERT(q >= 0 && q <= 1, "quantile ", q, " outside [0, 1]");
  const double h = static_cast<double>(n - 1) * q;
  const double lo_h = std::floor(h);
  const auto lo = std::min(static_cast<std::size_t>(lo_h), n - 1);
  return {lo, lo + 1 < n ? lo + 1 : n - 1, h - lo_h};
}
// numpy's _lerp: the second form is exact at g = 1 and monotone near it.
double lerp(double a, double b, double gamma) {
  const double diff = b - a;
  return gamma >= 0.5 ? b - diff * (1 - gamma) : a + diff * gamma;
}

}  // namespace

double quantile_sorted(std::span<const double> sorted, double q) {
  if (sorted.empty()) return std::numeric_limits<double>::quiet_NaN();
  const Position at = position(sorted.size(), q);
  return lerp(sorted[at.lo], sorted[at.hi], at.gamma);
}

double quantile_in_place(std::span<double> values, double q) {
  if (values.empty()) return std::numeric_limits<double>::quiet_NaN();
  const Position at = position(values.size(), q);
  const auto lo = values.begin() + static_cast<std::ptrdiff_t>(at.lo);
  std::nth_element(values.begin(), lo, values.end());
  // After nth_element every value past `lo` is >= *lo, so the next order statistic is their minimum.
  const double b = at.hi == at.lo ? *lo : *std::min_element(lo + 1, values.end());
  return lerp(*lo, b, at.gamma);
}

}  // namespace moce
