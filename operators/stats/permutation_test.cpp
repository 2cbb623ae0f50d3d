// Seeded permutation test on a difference of percentiles.
#include "operators/stats/permutation_test.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>
#include <vector>

#include "operators/relational/quantile.hpp"
#include "runtime/error.hpp"

namespace moce {
namespace {

// Percentile of `scratch`, which it reorders: the one numpy-rule implementation in quantile.cpp.
double percentile_in_place(std::span<double> scratch, double q) { return quantile_in_place(scratch, q / 100.0); }

// A uniform draw from [0, bound] by rejection, so it does not depend on the standard library's
// (implementation-defined) distributions.
std::uint64_t draw_upto(std::mt19937_64& rng, std::uint64_t bound) {
  if (bound == std::numeric_limits<std::uint64_t>::max()) return rng();
  const std::uint64_t range = bound + 1;
  const std::uint64_t limit = std::numeric_limits<std::uint64_t>::max() - std::numeric_limits<std::uint64_t>::max() % range;
  std::uint64_t r = rng();
  while (r >= limit) r = rng();
  return r % range;
}

}  // namespace

double percentile(std::span<const double> values, double q) {
  MOCE_ASSERT(!values.empty(), "percentile of an empty sample");
  std::vector<double> scratch(values.begin(), values.end());
  return percentile_in_place(scratch, q);
}

PercentilePermutationTest::PercentilePermutationTest(Params params) : params_(params) {
  if (!(params_.percentile >= 0 && params_.percentile <= 100))
    throw ConfigError(cat(kName, ": percentile must be in [0, 100], got ", params_.percentile));
  if (params_.permutations < 1)
    throw ConfigError(cat(kName, ": permutations must be >= 1, got ", params_.permutations));
}

PermutationResult PercentilePermutationTest::run(std::span<const double> a, std::span<const double> b) const {
  MOCE_ASSERT(!a.empty() && !b.empty(), kName, " needs two non-empty samples, got ", a.size(), " and ", b.size());
  const double q = params_.percentile;
  PermutationResult r;
  r.statistic = percentile(a, q) - percentile(b, q);
  r.permutations = params_.permutations;

  std::vector<double> pool(a.begin(), a.end());
  pool.insert(pool.end(), b.begin(), b.end());
  double magnitude = 0;
  for (double v : pool) magnitude = std::max(magnitude, std::abs(v));
  const double tol = 1e-12 * magnitude;

  std::mt19937_64 rng(params_.seed);
  std::vector<double> scratch(pool.size());
  std::int64_t greater = 0, less = 0, two_sided = 0;
  for (std::int64_t k = 0; k < params_.permutations; ++k) {
    for (std::size_t i = pool.size() - 1; i > 0; --i) std::swap(pool[i], pool[draw_upto(rng, i)]);
    std::copy(pool.begin(), pool.end(), scratch.begin());
    const double stat = percentile_in_place(std::span(scratch).first(a.size()), q) -
                        percentile_in_place(std::span(scratch).subspan(a.size()), q);
    greater += stat >= r.statistic - tol;
    less += stat <= r.statistic + tol;
    two_sided += std::abs(stat) >= std::abs(r.statistic) - tol;
  }
  const double denom = static_cast<double>(params_.permutations) + 1.0;
  r.p_greater = (1.0 + static_cast<double>(greater)) / denom;
  r.p_less = (1.0 + static_cast<double>(less)) / denom;
  r.p_two_sided = (1.0 + static_cast<double>(two_sided)) / denom;
  return r;
}

}  // namespace moce
