// numpy's linear quantile rule.
#include "operators/relational/quantile.hpp"

#include <cmath>
#include <limits>

#include "runtime/error.hpp"

namespace moce {

double quantile_sorted(std::span<const double> sorted, double q) {
  MOCE_ASSERT(q >= 0 && q <= 1, "quantile ", q, " outside [0, 1]");
  if (sorted.empty()) return std::numeric_limits<double>::quiet_NaN();
  const std::size_t n = sorted.size();
  double h = static_cast<double>(n - 1) * q;
  double lo_h = std::floor(h);
  auto lo = static_cast<std::size_t>(lo_h);
  std::size_t hi = lo + 1 < n ? lo + 1 : n - 1;
  double gamma = h - lo_h;
  double a = sorted[lo], b = sorted[hi];
  double diff = b - a;
  // numpy's _lerp: the second form is exact at g = 1 and monotone near it.
  return gamma >= 0.5 ? b - diff * (1 - gamma) : a + diff * gamma;
}

}  // namespace moce
