// Tests of the percentile permutation test: numpy percentiles, determinism, a clear shift,
// calibration under the null, and agreement with exact enumeration of every relabelling.
#include "operators/stats/permutation_test.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <vector>

#include "operators/relational/quantile.hpp"

#include "runtime/error.hpp"

namespace moce {
namespace {

TEST(Percentile, MatchesNumpyLinear) {
  // numpy.percentile(x, q) (default method 'linear'), numpy 1.24.
  const std::vector<double> x = {3.1, -2.0, 7.5, 0.4, 12.25, 5.0, 5.0, 9.9};
  EXPECT_DOUBLE_EQ(percentile(x, 0), -2.0);
  EXPECT_NEAR(percentile(x, 10), -0.31999999999999984, 1e-14);
  EXPECT_DOUBLE_EQ(percentile(x, 50), 5.0);
  EXPECT_NEAR(percentile(x, 75), 8.1, 1e-14);
  EXPECT_NEAR(percentile(x, 95), 11.427499999999998, 1e-14);
  EXPECT_DOUBLE_EQ(percentile(x, 100), 12.25);
  EXPECT_DOUBLE_EQ(percentile(std::vector<double>{42.0}, 95), 42.0);
}

TEST(Percentile, IsTheQuantileRuleOfTheRelationalOperators) {
  // One rule for GroupBy's quantiles and the permutation test: selection (percentile) and the
  // sorted path (quantile_sorted) agree bit for bit.
  std::mt19937_64 rng(7);
  std::normal_distribution<double> normal(0, 1);
  for (std::size_t n : {1U, 2U, 5U, 101U}) {
    std::vector<double> x(n);
    for (auto& v : x) v = normal(rng);
    std::vector<double> sorted = x;
    std::sort(sorted.begin(), sorted.end());
    for (double q : {0.0, 1.0, 33.3, 50.0, 95.0, 99.9, 100.0})
      EXPECT_EQ(percentile(x, q), quantile_sorted(sorted, q / 100)) << n << " " << q;
  }
}

TEST(PercentilePermutationTest, DeterministicForASeed) {
  const std::vector<double> a = {1, 5, 2, 8, 3, 9, 4};
  const std::vector<double> b = {2, 6, 7, 3, 10, 11};
  const PercentilePermutationTest test({.percentile = 75, .permutations = 500, .seed = 7});
  const PermutationResult x = test.run(a, b);
  const PermutationResult y = test.run(a, b);
  EXPECT_EQ(x.p_two_sided, y.p_two_sided);
  EXPECT_EQ(x.p_greater, y.p_greater);
  EXPECT_EQ(x.statistic, percentile(a, 75) - percentile(b, 75));
  const PermutationResult other = PercentilePermutationTest({.percentile = 75, .permutations = 500, .seed = 8}).run(a, b);
  EXPECT_NE(x.p_two_sided, other.p_two_sided);
}

TEST(PercentilePermutationTest, ClearShiftGivesTheSmallestPValue) {
  // Only 2 of C(40, 20) ~ 1.4e11 relabellings are as extreme, so no draw of 999 is: p = 1/1000.
  std::vector<double> a, b;
  for (int i = 0; i < 20; ++i) {
    a.push_back(i);
    b.push_back(100 + i);
  }
  for (double q : {50.0, 95.0}) {
    const PermutationResult r = PercentilePermutationTest({.percentile = q, .permutations = 999, .seed = 1}).run(a, b);
    EXPECT_LT(r.statistic, -80);
    EXPECT_DOUBLE_EQ(r.p_two_sided, 1.0 / 1000);
    EXPECT_DOUBLE_EQ(r.p_less, 1.0 / 1000);
    EXPECT_DOUBLE_EQ(r.p_greater, 1.0);
  }
}

TEST(PercentilePermutationTest, NullPValuesAreSpreadOut) {
  // Same distribution on both sides: over 40 seeded data sets the p-values must look uniform,
  // not cluster near 0 (the mean of 40 uniforms is within 0.35..0.65 with probability > 0.99).
  double total = 0;
  int small = 0;
  for (std::uint64_t seed = 1; seed <= 40; ++seed) {
    std::mt19937_64 rng(seed);
    std::lognormal_distribution<double> draw(0, 1);
    std::vector<double> a(30), b(25);
    for (double& v : a) v = draw(rng);
    for (double& v : b) v = draw(rng);
    const double p = PercentilePermutationTest({.percentile = 95, .permutations = 400, .seed = seed}).run(a, b).p_two_sided;
    total += p;
    small += p < 0.05;
  }
  EXPECT_GT(total / 40, 0.35);
  EXPECT_LT(total / 40, 0.65);
  EXPECT_LE(small, 6);
}

// Every way of choosing which |a| of the pooled values form the first sample, equally likely
// under the null: the exact permutation p-value.
struct ExactP {
  double two_sided, greater;
};
ExactP exact_p(const std::vector<double>& a, const std::vector<double>& b, double q) {
  std::vector<double> pool(a);
  pool.insert(pool.end(), b.begin(), b.end());
  const double observed = percentile(a, q) - percentile(b, q);
  const int n = static_cast<int>(pool.size());
  int total = 0, two = 0, greater = 0;
  for (unsigned mask = 0; mask < (1U << n); ++mask) {
    if (__builtin_popcount(mask) != static_cast<int>(a.size())) continue;
    std::vector<double> x, y;
    for (int i = 0; i < n; ++i) ((mask >> i) & 1U ? x : y).push_back(pool[static_cast<std::size_t>(i)]);
    const double stat = percentile(x, q) - percentile(y, q);
    ++total;
    two += std::abs(stat) >= std::abs(observed) - 1e-9;
    greater += stat >= observed - 1e-9;
  }
  return {static_cast<double>(two) / total, static_cast<double>(greater) / total};
}

TEST(PercentilePermutationTest, AgreesWithExactEnumeration) {
  const std::vector<double> a = {1.2, 3.4, 2.2, 5.1};
  const std::vector<double> b = {2.9, 6.3, 4.4, 7.0, 3.8};
  for (double q : {50.0, 75.0}) {
    const ExactP exact = exact_p(a, b, q);  // over C(9, 4) = 126 relabellings
    const std::int64_t draws = 200000;
    const PermutationResult r = PercentilePermutationTest({.percentile = q, .permutations = draws, .seed = 3}).run(a, b);
    const double sd_two = std::sqrt(exact.two_sided * (1 - exact.two_sided) / draws);
    const double sd_greater = std::sqrt(exact.greater * (1 - exact.greater) / draws);
    EXPECT_NEAR(r.p_two_sided, exact.two_sided, 5 * sd_two + 1e-5) << "q " << q;
    EXPECT_NEAR(r.p_greater, exact.greater, 5 * sd_greater + 1e-5) << "q " << q;
    EXPECT_GT(exact.two_sided, 0.01);  // a case where the p-value is not trivially tiny
  }
}

TEST(PercentilePermutationTest, RejectsBadParameters) {
  EXPECT_THROW(PercentilePermutationTest({.percentile = 101}), ConfigError);
  EXPECT_THROW(PercentilePermutationTest({.percentile = 50, .permutations = 0}), ConfigError);
}

}  // namespace
}  // namespace moce
