// Zipf-like popularity: value i (0 = most popular) has weight 1 / (i + 1)^s.
#pragma once

#include <cstdint>
#include <vector>

#include "simulator/random.hpp"

namespace moce::sim {

class ZipfTable {
 public:
  ZipfTable() = default;
  ZipfTable(std::int64_t n, double exponent);
  std::int32_t sample(double u) const;  // u uniform in [0, 1)
  std::int32_t sample(Rng& rng) const { return sample(rng.uniform()); }
  double probability(std::int64_t i) const;
  std::int64_t size() const { return static_cast<std::int64_t>(cdf_.size()); }

 private:
  std::vector<double> cdf_;
};

}  // namespace moce::sim
