// Zipf tables: a cumulative table searched by bisection (a dozen comparisons for 40 values).
#include "simulator/zipf.hpp"

#include <algorithm>
#include <cmath>

namespace moce::sim {

ZipfTable::ZipfTable(std::int64_t n, double exponent) {
  cdf_.resize(static_cast<std::size_t>(n));
  double total = 0;
  for (std::int64_t i = 0; i < n; ++i) cdf_[static_cast<std::size_t>(i)] = total += std::pow(i + 1.0, -exponent);
  for (auto& c : cdf_) c /= total;
  if (!cdf_.empty()) cdf_.back() = 1.0;
}

std::int32_t ZipfTable::sample(double u) const {
  auto it = std::upper_bound(cdf_.begin(), cdf_.end(), u);
  if (it == cdf_.end()) --it;
  return static_cast<std::int32_t>(it - cdf_.begin());
}

double ZipfTable::probability(std::int64_t i) const {
  const auto k = static_cast<std::size_t>(i);
  return cdf_[k] - (k ? cdf_[k - 1] : 0.0);
}

}  // namespace moce::sim
