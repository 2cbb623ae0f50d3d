// The cube scan (operators/stats/cube_scan.hpp): LLRs and answers worked by hand, and the best
// element of random cubes against a brute-force search over every element.
#include "operators/stats/cube_scan.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

namespace moce {
namespace {

using Pairs = std::vector<std::pair<int, std::int32_t>>;

struct Cube {
  std::vector<std::vector<std::int32_t>> columns;
  std::vector<double> forecast, actual;
  std::vector<std::span<const std::int32_t>> codes() const { return {columns.begin(), columns.end()}; }
};

// tests/import/cube_fixture/2000.csv: attributes a (a1=0, a2=1) and b (b1..b3 = 0..2).
Cube fixture_2000() {
  return {{{0, 0, 0, 1, 1, 1}, {0, 1, 2, 0, 1, 2}}, {100, 120, 80, 100, 120, 80}, {100, 120, 20, 30, 121, 80}};
}

TEST(CubeScan, LlrByHand) {
  EXPECT_NEAR(cube_llr(30, 100, -1), 30 * std::log(0.3) + 70, 1e-12);  // 33.8808
  EXPECT_NEAR(cube_llr(400, 100, +1), 400 * std::log(4.0) - 300, 1e-12);
  EXPECT_EQ(cube_llr(121, 120, -1), 0);         // moved the other way
  EXPECT_EQ(cube_llr(5, 0, +1), 0);             // no forecast
  EXPECT_NEAR(cube_llr(0, 50, -1), 50, 1e-12);  // 0 ln 0 = 0
}

TEST(CubeScan, TwoCausesOfOneCuboidAsWorkedByHand) {
  // By hand (a fall, worse = -1): LLR(a2&b1) = 30 ln 0.3 + 70 = 33.88, LLR(a1&b3) = 20 ln 0.25 + 60
  // = 32.27, b1 14.00, b3 13.00, a2 8.63, a1 6.45. a2&b1's parents' rests did not move (a2b2,
  // a2b3: 201 vs 200, up; a1b1: 100 vs 100), so it stays; a1&b3 is of its cuboid and above half
  // its LLR, so it joins.
  const Cube c = fixture_2000();
  const auto result = cube_scan(c.codes(), c.forecast, c.actual, -1);
  ASSERT_EQ(result.answer.size(), 2u);
  EXPECT_EQ(result.answer[0].values, (Pairs{{0, 1}, {1, 0}}));
  EXPECT_NEAR(result.answer[0].llr, 30 * std::log(0.3) + 70, 1e-9);
  EXPECT_EQ(result.answer[1].values, (Pairs{{0, 0}, {1, 2}}));
  EXPECT_NEAR(result.answer[1].llr, 20 * std::log(0.25) + 60, 1e-9);
  EXPECT_EQ(result.searched, 2u + 3u + 6u);  // a1 a2, b1..b3, six pairs
  // With extra_share above a1&b3's share (32.27 / 33.88 = 0.95) it stays out.
  CubeScanOptions one;
  one.extra_share = 0.96;
  EXPECT_EQ(cube_scan(c.codes(), c.forecast, c.actual, -1, one).answer.size(), 1u);
}

TEST(CubeScan, ParentTakenWhenItsRestMovedToo) {
  // Leaves (a, b): a1b1 F 100 A 400, a1b2 F 100 A 170, a2b1 and a2b2 unchanged at 100.
  // LLR(a1&b1) = 400 ln 4 - 300 = 254.5 is the highest (a1: 570 ln 2.85 - 370 = 227.0, b1: 500 ln
  // 2.5 - 300 = 158.1). a1's rest (a1b2) moved by 0.7, at least 0.2 of a1&b1's 3.0, with an LLR of
  // 170 ln 1.7 - 70 = 20.2: the cause is a1. The pair stays when the rest must move by 0.5 of it
  // (1.5), or have an LLR of 21.
  const Cube c{{{0, 0, 1, 1}, {0, 1, 0, 1}}, {100, 100, 100, 100}, {400, 170, 100, 100}};
  CubeScanOptions options;
  options.rest_ratio = 0.2;
  options.rest_min_llr = 20;
  const auto up = cube_scan(c.codes(), c.forecast, c.actual, +1, options);
  ASSERT_EQ(up.answer.size(), 1u);
  EXPECT_EQ(up.answer[0].values, (Pairs{{0, 0}}));
  EXPECT_NEAR(up.answer[0].llr, 570 * std::log(2.85) - 370, 1e-9);
  for (auto [ratio, min_llr] : {std::pair{0.5, 0.0}, std::pair{0.2, 21.0}}) {
    options.rest_ratio = ratio;
    options.rest_min_llr = min_llr;
    const auto stay = cube_scan(c.codes(), c.forecast, c.actual, +1, options);
    ASSERT_EQ(stay.answer.size(), 1u);
    EXPECT_EQ(stay.answer[0].values, (Pairs{{0, 0}, {1, 0}})) << ratio << " " << min_llr;
  }
}

TEST(CubeScan, NothingMovedGivesNoAnswer) {
  const Cube c{{{0, 0, 1, 1}, {0, 1, 0, 1}}, {10, 20, 30, 40}, {10, 20, 30, 40}};
  EXPECT_TRUE(cube_scan(c.codes(), c.forecast, c.actual, +1).answer.empty());
  // Every leaf fell: nothing is worse when a rise is worse.
  const Cube fell{{{0, 1}}, {10, 10}, {5, 5}};
  EXPECT_TRUE(cube_scan(fell.codes(), fell.forecast, fell.actual, +1).answer.empty());
}

// Brute force: every element (each attribute wildcard or one value, 1..3 fixed) summed leaf by
// leaf; the best by LLR, ties by fewer attributes then element order.
CubeElement brute_best(const Cube& c, int values_per_attribute) {
  const int attributes = static_cast<int>(c.columns.size());
  CubeElement best;
  bool have = false;
  std::vector<int> pick(static_cast<std::size_t>(attributes), -1);  // -1: wildcard
  const int states = static_cast<int>(std::pow(values_per_attribute + 1, attributes));
  for (int s = 0; s < states; ++s) {
    int x = s, fixed = 0;
    Pairs values;
    for (int a = 0; a < attributes; ++a) {
      pick[static_cast<std::size_t>(a)] = x % (values_per_attribute + 1) - 1;
      x /= values_per_attribute + 1;
      if (pick[static_cast<std::size_t>(a)] >= 0) values.push_back({a, pick[static_cast<std::size_t>(a)]}), ++fixed;
    }
    if (fixed == 0 || fixed > 3) continue;
    double fa = 0, aa = 0;
    bool any = false;
    for (std::size_t leaf = 0; leaf < c.forecast.size(); ++leaf) {
      bool in = true;
      for (const auto& [a, v] : values) in = in && c.columns[static_cast<std::size_t>(a)][leaf] == v;
      if (in) fa += c.forecast[leaf], aa += c.actual[leaf], any = true;
    }
    if (!any) continue;
    CubeElement e{values, aa, fa, cube_llr(aa, fa, +1)};
    const bool better = !have || e.llr > best.llr ||
                        (e.llr == best.llr && (e.values.size() < best.values.size() ||
                                               (e.values.size() == best.values.size() && e.values < best.values)));
    if (better) best = e, have = true;
  }
  return best;
}

TEST(CubeScan, BestElementMatchesBruteForceOnRandomCubes) {
  std::mt19937_64 rng(20261203);
  std::uniform_int_distribution<int> value(0, 2);
  std::uniform_real_distribution<double> forecast(1, 50), lift(0.5, 3);
  CubeScanOptions no_walk;
  no_walk.rest_ratio = 1e9;  // compare step 1 alone
  no_walk.max_elements = 1;
  for (int trial = 0; trial < 40; ++trial) {
    Cube c;
    c.columns.assign(4, {});
    for (int leaf = 0; leaf < 30; ++leaf) {
      for (auto& column : c.columns) column.push_back(value(rng));
      c.forecast.push_back(forecast(rng));
      c.actual.push_back(c.forecast.back() * lift(rng));
    }
    const auto want = brute_best(c, 3);
    const auto got = cube_scan(c.codes(), c.forecast, c.actual, +1, no_walk);
    ASSERT_EQ(got.answer.size(), 1u) << "trial " << trial;
    EXPECT_EQ(got.answer[0].values, want.values) << "trial " << trial;
    EXPECT_NEAR(got.answer[0].llr, want.llr, 1e-9 * want.llr) << "trial " << trial;
  }
}

}  // namespace
}  // namespace moce
