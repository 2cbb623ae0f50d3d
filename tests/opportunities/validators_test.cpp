// The validators on hand-worked cases: Benjamini-Hochberg q-values, HotNets Expert 1's 10% / 2x
// rule at its boundary, robust z, and the cohort-vs-rest contrast (two-proportion z for a binary
// KPI, difference in differences with Welch variances for a crossed cohort of a real KPI).
#include <gtest/gtest.h>

#include <cmath>

#include "experts/opportunity/validators.hpp"

namespace moce::experts::opportunity {
namespace {

TEST(Validators, BenjaminiHochbergByHand) {
  // Sorted p: 0.005 (rank 1) -> 0.02, 0.01 (2) -> 0.02, 0.03 (3) -> 0.04, 0.04 (4) -> 0.04.
  const auto q = benjamini_hochberg({0.01, 0.04, 0.03, 0.005});
  ASSERT_EQ(q.size(), 4u);
  EXPECT_DOUBLE_EQ(q[0], 0.02);
  EXPECT_DOUBLE_EQ(q[1], 0.04);
  EXPECT_DOUBLE_EQ(q[2], 0.04);
  EXPECT_DOUBLE_EQ(q[3], 0.02);
  // Monotone step-up: 0.02 * 2 / 1 = 0.04 is lowered to the next rank's 0.021 * 2 / 2.
  const auto m = benjamini_hochberg({0.02, 0.021});
  EXPECT_DOUBLE_EQ(m[0], 0.021);
  EXPECT_DOUBLE_EQ(m[1], 0.021);
  EXPECT_DOUBLE_EQ(benjamini_hochberg({0.9, 0.8})[0], 0.9);
}

TEST(Validators, Expert1TenPercentAtTwiceTheNormalRate) {
  // 100 faulty and 1000 normal sessions.
  EXPECT_TRUE(hotnets_expert1(10, 100, 50, 1000, 0.10, 2.0));   // 10% of faulty, 2 x 5%: both at the boundary
  EXPECT_FALSE(hotnets_expert1(9, 100, 10, 1000, 0.10, 2.0));   // 9% of faulty sessions
  EXPECT_FALSE(hotnets_expert1(10, 100, 51, 1000, 0.10, 2.0));  // 10% < 2 x 5.1%
  EXPECT_TRUE(hotnets_expert1(30, 100, 0, 1000, 0.10, 2.0));    // absent from normal sessions
  EXPECT_FALSE(hotnets_expert1(0, 0, 0, 1000, 0.10, 2.0));      // no faulty sessions at all
}

TEST(Validators, RobustZByHand) {
  // Median 3; absolute deviations {2,1,0,1,97} have median 1.
  const auto z = robust_z({1, 2, 3, 4, 100});
  EXPECT_NEAR(z[4], 0.6745 * 97, 1e-12);
  EXPECT_NEAR(z[0], -0.6745 * 2, 1e-12);
  EXPECT_EQ(robust_z({5, 5, 5})[0], 0);  // MAD 0
}

TEST(Validators, BinaryCohortAgainstTheRest) {
  KpiValues kpi;
  kpi.binary = true;
  kpi.higher_is_better = true;  // a success KPI: the bad outcome is 0
  kpi.total = {1000, 900, 900, 100, 500};
  std::vector<Moments> in{{100, 60, 60, 40, 20}};  // 40 failures of 100; the rest: 60 of 900
  std::vector<Opportunity> o(1);
  validate(kpi, in, {kpi.total}, {}, o, 500, ValidatorOptions{});
  EXPECT_DOUBLE_EQ(o[0].inside, 0.4);
  EXPECT_NEAR(o[0].outside, 60.0 / 900, 1e-15);
  EXPECT_NEAR(o[0].effect, 0.4 - 60.0 / 900, 1e-15);
  // Two-proportion z: pooled rate 0.1, se = sqrt(0.1 * 0.9 * (1/100 + 1/900)) = sqrt(0.001).
  EXPECT_NEAR(o[0].effect_lo, o[0].effect - 1.96 * std::sqrt(0.001), 1e-12);
  EXPECT_NEAR(o[0].relative, 5.0, 1e-12);
  EXPECT_DOUBLE_EQ(o[0].user_share, 0.04);
  EXPECT_DOUBLE_EQ(o[0].session_share, 0.1);
  EXPECT_DOUBLE_EQ(o[0].faulty_share, 0.4);
  EXPECT_TRUE(o[0].expert1);  // 40% of faulty sessions, 6.7% of normal ones
  EXPECT_TRUE(o[0].expert2);  // 500% worse than the rest
  EXPECT_TRUE(o[0].significant);
  EXPECT_TRUE(o[0].lead());
}

TEST(Validators, CrossedCohortIsADifferenceInDifferences) {
  // Lower is better. Inside (atom & value): n 50, mean 150, variance 100; the rest of the value:
  // n 50, mean 90, variance 100. The atom alone: n 200, mean 110, variance 400; the rest of the
  // population: n 200, mean 90, variance 400. Effect = (150 - 90) - (110 - 90) = 40;
  // se^2 = 100/50 + 100/50 + 400/200 + 400/200 = 8.
  auto moments = [](std::int64_t n, double mean, double var) {
    return Moments{n, static_cast<std::int64_t>(n * mean),
                   static_cast<std::int64_t>((n - 1) * var + n * mean * mean), 0, n};
  };
  KpiValues kpi;
  const Moments in = moments(50, 150, 100), rest_value = moments(50, 90, 100);
  const Moments atom = moments(200, 110, 400), rest_all = moments(200, 90, 400);
  kpi.total = {400, atom.sum + rest_all.sum, atom.sum_sq + rest_all.sum_sq, 0, 400};
  const Moments value{100, in.sum + rest_value.sum, in.sum_sq + rest_value.sum_sq, 0, 100};
  std::vector<Opportunity> o(1);
  validate(kpi, {in}, {value}, {atom}, o, 400, ValidatorOptions{});
  EXPECT_DOUBLE_EQ(o[0].inside, 150);
  EXPECT_DOUBLE_EQ(o[0].outside, 90);
  EXPECT_DOUBLE_EQ(o[0].atom_effect, 20);
  EXPECT_NEAR(o[0].effect, 40, 1e-12);
  EXPECT_NEAR(o[0].effect_hi - o[0].effect, 1.96 * std::sqrt(8.0), 1e-9);
  EXPECT_NEAR(o[0].relative, 40.0 / 90, 1e-12);
  EXPECT_LT(o[0].p, 1e-12);
}

}  // namespace
}  // namespace moce::experts::opportunity
