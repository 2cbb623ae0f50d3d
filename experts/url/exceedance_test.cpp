// The exact exceedance test of the p75/p95 URL experts.
#include "experts/url/exceedance_test.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

#include "runtime/error.hpp"

namespace moce::experts {

namespace {

double log_choose(std::int64_t n, std::int64_t r) {
  return std::lgamma(static_cast<double>(n) + 1) - std::lgamma(static_cast<double>(r) + 1) -
         std::lgamma(static_cast<double>(n - r) + 1);
}

}  // namespace

double exceedance_p(std::int64_t m, std::int64_t n, std::int64_t k, std::int64_t j) {
  if (j <= 0) return 1;
  if (j > n) return 0;
  const double total = log_choose(m + n, n);
  // Terms summed from the largest j' down, each as exp(log term - log total): no overflow, and
  // the tail's small terms are added before the large ones.
  double p = 0;
  for (std::int64_t i = n; i >= j; --i)
    p += std::exp(log_choose(k - 1 + n - i, n - i) + log_choose(m - k + i, i) - total);
  return std::min(1.0, p);
}

Exceedance exceedance_test(std::span<const double> anomaly, std::span<const double> historical, double q) {
  if (anomaly.empty() || historical.empty() || !(q > 0 && q < 100))
    throw Error("exceedance_test: needs two non-empty samples and 0 < q < 100");
  const auto m = static_cast<std::int64_t>(historical.size());
  const auto n = static_cast<std::int64_t>(anomaly.size());
  const std::int64_t k = std::clamp<std::int64_t>(static_cast<std::int64_t>(std::ceil(q / 100 * static_cast<double>(m))), 1, m);
  std::vector<double> h(historical.begin(), historical.end());
  std::nth_element(h.begin(), h.begin() + (k - 1), h.end());
  Exceedance out;
  out.threshold = h[static_cast<std::size_t>(k - 1)];
  out.above = std::count_if(anomaly.begin(), anomaly.end(), [&](double v) { return v > out.threshold; });
  out.expected = static_cast<double>(n) * static_cast<double>(m - k + 1) / static_cast<double>(m + 1);
  out.p = exceedance_p(m, n, k, out.above);
  return out;
}

}  // namespace moce::experts
