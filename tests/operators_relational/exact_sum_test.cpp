// ExactSum against sums worked out exactly (Python's math.fsum or fractions.Fraction), its order
// independence, merging, and the non-finite rules; squared_deviations against exact M2.
#include "operators/relational/exact_sum.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <limits>
#include <random>
#include <vector>

namespace moce {
namespace {

double exact(const std::vector<double>& xs) {
  ExactSum s;
  for (double x : xs) s.add(x);
  return s.to_double();
}

TEST(ExactSum, EmptyIsZero) { EXPECT_EQ(0.0, ExactSum{}.to_double()); }

TEST(ExactSum, CancellationThatDoubleSummationLoses) {
  EXPECT_EQ(0.0, (1e16 + 1.0) - 1e16);  // the double sum loses the 1
  EXPECT_EQ(1.0, exact({1e16, 1.0, -1e16}));
  EXPECT_EQ(1e-300, exact({1e300, 1e-300, -1e300}));  // math.fsum
  EXPECT_EQ(0.0, exact({3.5, -1.25, -2.25}));
  EXPECT_EQ(-2.5, exact({-1e20, -2.5, 1e20}));
}

TEST(ExactSum, TenTimesPointOneIsCorrectlyRounded) {
  // Exact sum 1.0000000000000000555..., nearest double 1.0 (math.fsum([0.1]*10) == 1.0); the
  // left-to-right double sum is 0.9999999999999999.
  std::vector<double> tenth(10, 0.1);
  double naive = 0;
  for (double x : tenth) naive += x;
  EXPECT_NE(1.0, naive);
  EXPECT_EQ(1.0, exact(tenth));
  EXPECT_EQ(0.6, exact({0.1, 0.2, 0.3}));  // math.fsum; the double sum is 0.6000000000000001
}

TEST(ExactSum, RoundsHalfToEven) {
  const double two53 = 9007199254740992.0;                   // 2^53
  EXPECT_EQ(two53, exact({two53, 1.0}));                       // tie, down to even
  EXPECT_EQ(two53 + 4, exact({two53, 3.0}));                   // tie, up to even
  EXPECT_EQ(two53 + 2, exact({two53, 1.0, std::ldexp(1, -60)}));  // just above the tie
  EXPECT_EQ(two53, exact({two53, 1.0, -std::ldexp(1, -60)}));     // just below it
  EXPECT_EQ(-(two53 + 4), exact({-two53, -3.0}));
}

TEST(ExactSum, SubnormalsAndLargeExponents) {
  const double tiny = std::numeric_limits<double>::denorm_min();
  EXPECT_EQ(3 * tiny, exact({tiny, tiny, tiny}));  // 1.5e-323
  EXPECT_EQ(std::numeric_limits<double>::min() + 3 * tiny,
            exact({std::numeric_limits<double>::min(), tiny, tiny, tiny}));
  EXPECT_EQ(-tiny, exact({tiny, -tiny, -tiny}));
  // An intermediate beyond the double range is no problem for the exact sum.
  EXPECT_EQ(1e308, exact({1e308, 1e308, -1e308}));
  const double max = std::numeric_limits<double>::max();
  EXPECT_EQ(max, exact({max, max, -max}));
  EXPECT_EQ(tiny, exact({max, tiny, -max}));
  // A finite sum beyond the range rounds to inf; one just below max + ulp/2 stays max.
  EXPECT_EQ(std::numeric_limits<double>::infinity(), exact({max, max}));
  EXPECT_EQ(-std::numeric_limits<double>::infinity(), exact({-max, -max}));
  EXPECT_EQ(max, exact({max, std::ldexp(1, 969)}));  // below the halfway point 2^970
  EXPECT_EQ(std::numeric_limits<double>::infinity(), exact({max, std::ldexp(1, 970)}));  // tie, to even: inf
}

TEST(ExactSum, NonFiniteValues) {
  const double inf = std::numeric_limits<double>::infinity(), nan = std::numeric_limits<double>::quiet_NaN();
  EXPECT_EQ(inf, exact({1.0, inf, -1e300, inf}));
  EXPECT_EQ(-inf, exact({-inf, 5.0}));
  EXPECT_TRUE(std::isnan(exact({inf, 1.0, -inf})));
  EXPECT_TRUE(std::isnan(exact({1.0, nan})));
  EXPECT_TRUE(std::isnan(exact({inf, nan})));
}

std::vector<double> random_values(std::uint64_t seed, std::size_t n) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> unit(-1, 1);
  std::uniform_int_distribution<int> scale(-60, 60);
  std::vector<double> xs(n);
  for (auto& x : xs) x = std::ldexp(unit(rng), scale(rng));
  return xs;
}

TEST(ExactSum, OrderIndependent) {
  std::vector<double> xs = random_values(7, 20000);
  const double want = exact(xs);
  double naive_first = 0, naive_other = 0;
  for (double x : xs) naive_first += x;
  std::mt19937_64 rng(11);
  bool naive_differs = false;
  for (int round = 0; round < 5; ++round) {
    std::shuffle(xs.begin(), xs.end(), rng);
    EXPECT_EQ(want, exact(xs)) << "round " << round;
    naive_other = 0;
    for (double x : xs) naive_other += x;
    naive_differs = naive_differs || naive_other != naive_first;
  }
  EXPECT_TRUE(naive_differs);  // the data is such that the order matters to double sums
  std::sort(xs.begin(), xs.end());
  EXPECT_EQ(want, exact(xs));
}

TEST(ExactSum, MergeEqualsSequential) {
  const std::vector<double> xs = random_values(8, 9000);
  ExactSum all, parts[3];
  for (std::size_t i = 0; i < xs.size(); ++i) {
    all.add(xs[i]);
    parts[i % 3].add(xs[i]);
  }
  ExactSum merged = parts[2];
  merged.add(parts[0]);
  merged.add(parts[1]);
  EXPECT_TRUE(merged.same_value(all));
  EXPECT_EQ(all.to_double(), merged.to_double());
  parts[0].normalise();
  parts[1].add(parts[0]);
  parts[1].add(parts[2]);
  EXPECT_TRUE(parts[1].same_value(all));
}

TEST(ExactSum, PackedFormRoundTrips) {
  const double inf = std::numeric_limits<double>::infinity();
  std::vector<ExactSum> sums(4);
  for (double x : random_values(9, 500)) sums[0].add(x);
  sums[1].add(-std::numeric_limits<double>::denorm_min());  // negative: every limb above is used
  sums[2].add(inf);
  sums[2].add(2.5);
  std::vector<std::int64_t> packed;
  for (auto& s : sums) s.pack(packed);
  EXPECT_LT(packed.size(), 2 * 71 + 30u);  // the small-range sums pack to a few words
  const std::int64_t* in = packed.data();
  for (auto& s : sums) {
    ExactSum back = ExactSum::unpack(in);
    EXPECT_TRUE(back.same_value(s));
    EXPECT_EQ(std::bit_cast<std::uint64_t>(s.to_double()), std::bit_cast<std::uint64_t>(back.to_double()));
  }
  EXPECT_EQ(packed.data() + packed.size(), in);
}

TEST(ExactSum, DoubleDoubleHoldsTheRemainder) {
  ExactSum s;
  s.add(1.0);
  s.add(std::ldexp(1, -80));
  double hi = 0, lo = 0;
  s.to_double_double(hi, lo);
  EXPECT_EQ(1.0, hi);
  EXPECT_EQ(std::ldexp(1, -80), lo);
}

TEST(ExactSum, ManyAddsNormaliseWithoutOverflow) {
  // Large same-sign values: the top limbs grow fastest; 3 * 10^6 adds of max/2^20.
  ExactSum s;
  const double x = std::ldexp(1, 1000);
  const int n = 3'000'000;
  for (int i = 0; i < n; ++i) s.add(x);
  EXPECT_EQ(std::ldexp(static_cast<double>(n), 1000), s.to_double());
}

double m2_of(const std::vector<double>& xs) {
  ExactSum sx, sxx;
  for (double x : xs) {
    sx.add(x);
    add_square(sxx, x);
  }
  return squared_deviations(sx, sxx, static_cast<std::int64_t>(xs.size()));
}

TEST(SquaredDeviations, MatchExactRationalValues) {
  // Exact values by fractions.Fraction, rounded to double.
  EXPECT_EQ(5.0, m2_of({1, 2, 3, 4}));
  EXPECT_EQ(69.7, m2_of({1.5, -2.25, 4.0, 0.125, -7.0}));
  // Sxx / M2 is about 2^60 here, so the documented accuracy is about 2^-40 relative.
  EXPECT_NEAR(0.05000000298023233, m2_of({1e8 + 0.1, 1e8 + 0.2, 1e8 + 0.3, 1e8 + 0.4}), 0.05 * std::ldexp(1, -40));
  EXPECT_EQ(0.0, m2_of({3.0, 3.0, 3.0}));
  EXPECT_EQ(0.0, m2_of({2.5}));
  EXPECT_EQ(0.0, squared_deviations(ExactSum{}, ExactSum{}, 0));
  EXPECT_TRUE(std::isnan(m2_of({1.0, std::numeric_limits<double>::infinity()})));
  EXPECT_EQ(std::numeric_limits<double>::infinity(), m2_of({1e200, -1e200}));  // the squares overflow
}

}  // namespace
}  // namespace moce
