// Tests of Welch's t-test against scipy.stats.ttest_ind(a, b, equal_var=False).
#include "operators/stats/welch_t_test.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

namespace moce {
namespace {

constexpr double kRel = 1e-9;

void expect_relative(double got, double want) { EXPECT_NEAR(got, want, kRel * std::abs(want)) << "want " << want; }

struct Expected {
  double t, df, two_sided, greater, less;
};

// Reference values: scipy 1.10.1, stats.ttest_ind(a, b, equal_var=False, alternative=...) for t
// and the three p-values; df = (va+vb)^2 / (va^2/(na-1) + vb^2/(nb-1)) in numpy.
void check(const std::vector<double>& a, const std::vector<double>& b, const Expected& e) {
  const TTestResult r = WelchTTest{}.run(a, b);
  expect_relative(r.t, e.t);
  expect_relative(r.df, e.df);
  expect_relative(r.p_two_sided, e.two_sided);
  expect_relative(r.p_greater, e.greater);
  expect_relative(r.p_less, e.less);
}

TEST(WelchTTest, MatchesScipyUnequalSizes) {
  check({1, 2, 3, 4, 5}, {2, 4, 6, 8, 10, 12},
        {-2.3763541031440183, 6.9722557297949335, 0.04928433820673049, 0.9753578308966347, 0.024642169103365245});
}

TEST(WelchTTest, MatchesScipyClearShift) {
  check({10.1, 9.8, 10.4, 10.0, 9.9, 10.2, 10.3}, {12.5, 11.9, 12.8, 12.1},
        {-10.231462230945297, 4.011391649583516, 0.0005069111149963383, 0.9997465444425018,
         0.00025345555749816914});
}

TEST(WelchTTest, MatchesScipyNoShift) {
  check({0.5, -0.3, 1.2, 0.8}, {0.4, 0.1, 0.9, 1.1, -0.2, 0.6, 0.3, 0.7},
        {0.17785449865226297, 4.404302817002033, 0.866722356449869, 0.4333611782249345, 0.5666388217750655});
}

TEST(WelchTTest, MatchesScipyFromSummaries) {
  // scipy.stats.ttest_ind_from_stats(5.0, 2.0, 10**6, 5.004, sqrt(4.5), 10**6, equal_var=False):
  // a million values a side, df near 2e6.
  const TTestResult big = WelchTTest{}.run(SampleSummary{1e6, 5.0, 4.0}, SampleSummary{1e6, 5.004, 4.5});
  expect_relative(big.t, -1.3719886811399196);
  expect_relative(big.df, 1993101.4551724135);
  expect_relative(big.p_two_sided, 0.17006711587288545);
  // ttest_ind_from_stats(1.0, 1.0, 30, 2.5, 1.5, 40, equal_var=False): a small p-value.
  const TTestResult small = WelchTTest{}.run(SampleSummary{30, 1.0, 1.0}, SampleSummary{40, 2.5, 2.25});
  expect_relative(small.t, -5.0116144175073405);
  expect_relative(small.p_two_sided, 4.170997543409452e-06);
}

TEST(WelchTTest, FrequencyWeightsEqualRepeatedValues) {
  const std::vector<double> repeated = {1, 1, 1, 2, 2, 5};
  const std::vector<double> values = {1, 2, 5};
  const std::vector<double> weights = {3, 2, 1};
  const SampleSummary x = summarize(repeated);
  const SampleSummary y = summarize(values, weights);
  EXPECT_DOUBLE_EQ(x.count, y.count);
  EXPECT_DOUBLE_EQ(x.mean, y.mean);
  EXPECT_DOUBLE_EQ(x.variance, y.variance);
  EXPECT_DOUBLE_EQ(y.mean, 2.0);
  EXPECT_DOUBLE_EQ(y.variance, (3 * 1.0 + 2 * 0.0 + 9.0) / 5.0);
}

TEST(WelchTTest, DegenerateSamples) {
  const TTestResult tiny = WelchTTest{}.run(std::vector<double>{1.0}, std::vector<double>{1.0, 2.0});
  EXPECT_TRUE(std::isnan(tiny.t));
  EXPECT_TRUE(std::isnan(tiny.p_two_sided));
  const TTestResult flat = WelchTTest{}.run(std::vector<double>{3, 3, 3}, std::vector<double>{1, 1});
  EXPECT_TRUE(std::isinf(flat.t));
  EXPECT_GT(flat.t, 0);
  EXPECT_EQ(flat.p_two_sided, 0.0);
  EXPECT_EQ(flat.p_greater, 0.0);
  EXPECT_EQ(flat.p_less, 1.0);
  const TTestResult same = WelchTTest{}.run(std::vector<double>{2, 2}, std::vector<double>{2, 2, 2});
  EXPECT_EQ(same.t, 0.0);
  EXPECT_EQ(same.p_two_sided, 1.0);
}

}  // namespace
}  // namespace moce
