// Tests of Adtributor on small cubes worked by hand (surprise values from scipy.special.rel_entr:
// S = (rel_entr(p, m) + rel_entr(q, m)) / (2 ln 2), m = (p + q)/2, scipy 1.10.1).
#include "operators/stats/adtributor.hpp"

#include <gtest/gtest.h>

#include <vector>

#include "runtime/error.hpp"

namespace moce {
namespace {

// Leaves (isp, device, forecast, actual): isp 1 drops from 100 to 60, all else flat. Per
// dimension: isp F = (100, 100, 100), A = (100, 60, 100), EP = (0, 1, 0); device F = (150, 150),
// A = (130, 130), EP = (0.5, 0.5), surprise 0 (the shares do not move).
struct Leaves {
  std::vector<std::int32_t> isp = {0, 0, 1, 1, 2, 2};
  std::vector<std::int32_t> device = {0, 1, 0, 1, 0, 1};
  std::vector<double> forecast = {50, 50, 50, 50, 50, 50};
  std::vector<double> actual = {50, 50, 30, 30, 50, 50};
  AdtributorCube cube() const { return adtributor_cube({isp, device}, forecast, actual); }
};

TEST(Adtributor, CubeSumsEachDimension) {
  const AdtributorCube cube = Leaves{}.cube();
  ASSERT_EQ(cube.dimensions.size(), 2U);
  EXPECT_FALSE(cube.derived());
  EXPECT_EQ(cube.dimensions[0].values, (std::vector<std::int32_t>{0, 1, 2}));
  EXPECT_EQ(cube.dimensions[0].forecast, (std::vector<double>{100, 100, 100}));
  EXPECT_EQ(cube.dimensions[0].actual, (std::vector<double>{100, 60, 100}));
  EXPECT_EQ(cube.dimensions[1].actual, (std::vector<double>{130, 130}));
}

TEST(Adtributor, HandWorkedAdditiveCase) {
  const auto sets = Adtributor({}).run(Leaves{}.cube());
  ASSERT_EQ(sets.size(), 2U);
  // isp: B (p = 1/3, q = 60/260) is the most surprising element and explains everything.
  EXPECT_EQ(sets[0].attribute, 0);
  ASSERT_EQ(sets[0].elements.size(), 1U);
  EXPECT_EQ(sets[0].elements[0].value, 1);
  EXPECT_NEAR(sets[0].explanatory_power, 1.0, 1e-12);
  EXPECT_NEAR(sets[0].surprise, 0.006763406907621384, 1e-12);
  // device: both elements are needed to pass TEP = 0.67; surprise 0, so it ranks second.
  EXPECT_EQ(sets[1].attribute, 1);
  ASSERT_EQ(sets[1].elements.size(), 2U);
  EXPECT_NEAR(sets[1].elements[0].explanatory_power, 0.5, 1e-12);
  EXPECT_NEAR(sets[1].surprise, 0.0, 1e-15);
  const auto leads = flatten_leads(sets);
  ASSERT_EQ(leads.size(), 3U);
  EXPECT_EQ(leads[0].attribute, 0);
  EXPECT_EQ(leads[0].value, 1);
  EXPECT_EQ(leads[1].value, 0);  // device ties broken by the lower code
  EXPECT_EQ(leads[2].value, 1);
  EXPECT_EQ(Adtributor({.teep = 0.1, .tep = 0.67, .k = 1}).run(Leaves{}.cube()).size(), 1U);
}

TEST(Adtributor, ThresholdsSelectAndDrop) {
  // One dimension, F = (100, 100, 100), A = (50, 70, 80): EP = (.5, .3, .2); surprise order is
  // element 0 (q = .25), 2 (q = .40), 1 (q = .35).
  AdtributorCube cube;
  cube.dimensions.push_back({0, {0, 1, 2}, {100, 100, 100}, {50, 70, 80}, {}, {}});
  // TEEP 0.25 skips element 2 (whose surprise must not count); .5 + .3 passes TEP 0.75.
  const auto sets = Adtributor({.teep = 0.25, .tep = 0.75, .k = 3}).run(cube);
  ASSERT_EQ(sets.size(), 1U);
  ASSERT_EQ(sets[0].elements.size(), 2U);
  EXPECT_EQ(sets[0].elements[0].value, 0);
  EXPECT_EQ(sets[0].elements[1].value, 1);
  EXPECT_NEAR(sets[0].explanatory_power, 0.8, 1e-12);
  EXPECT_NEAR(sets[0].surprise, 0.004308460323343375 + 0.00014662988966484758, 1e-12);
  EXPECT_NEAR(sets[0].elements[0].surprise, 0.004308460323343375, 1e-12);
  // With TEP 0.9 the set never gets there: the dimension gives nothing.
  EXPECT_TRUE(Adtributor({.teep = 0.25, .tep = 0.9, .k = 3}).run(cube).empty());
  // Strict thresholds: EP exactly at TEEP does not enter.
  EXPECT_TRUE(Adtributor({.teep = 0.5, .tep = 0.1, .k = 3}).run(cube).empty());
}

TEST(Adtributor, NoNetChangeGivesNothing) {
  AdtributorCube cube;
  cube.dimensions.push_back({0, {0, 1}, {100, 100}, {120, 80}, {}, {}});
  EXPECT_TRUE(Adtributor({}).run(cube).empty());
}

TEST(Adtributor, HandWorkedDerivedMeasure) {
  // Success rate a/b. isp: F(a) = (90, 45), A(a) = (90, 20), b flat at (100, 50): EP from
  // [da F(b) - db F(a)] / [F(b)(F(b) + db)] = (0, -1/6), normalised (0, 1); surprise of isp 1 =
  // S(45/135, 20/110) + S_b (= 0). device: both fall alike, EP (.5, .5), surprise 0.
  const std::vector<std::int32_t> isp = {0, 0, 1, 1};
  const std::vector<std::int32_t> device = {0, 1, 0, 1};
  const std::vector<double> fa = {45, 45, 22.5, 22.5}, aa = {45, 45, 10, 10};
  const std::vector<double> fb = {50, 50, 25, 25}, ab = {50, 50, 25, 25};
  const AdtributorCube cube = adtributor_cube({isp, device}, fa, aa, fb, ab);
  ASSERT_TRUE(cube.derived());
  const auto sets = Adtributor({}).run(cube);
  ASSERT_EQ(sets.size(), 2U);
  EXPECT_EQ(sets[0].attribute, 0);
  ASSERT_EQ(sets[0].elements.size(), 1U);
  EXPECT_EQ(sets[0].elements[0].value, 1);
  EXPECT_NEAR(sets[0].explanatory_power, 1.0, 1e-12);
  EXPECT_NEAR(sets[0].surprise, 0.016312947092143013, 1e-12);
  EXPECT_EQ(sets[1].attribute, 1);
  EXPECT_NEAR(sets[1].elements[0].explanatory_power, 0.5, 1e-12);
}

TEST(Adtributor, JsSurpriseEdgeCases) {
  EXPECT_DOUBLE_EQ(js_surprise(0.0, 0.0), 0.0);
  EXPECT_NEAR(js_surprise(0.0, 0.25), 0.125, 1e-15);  // the 1/2 q log2(2) limit
  EXPECT_NEAR(js_surprise(0.25, 0.0), 0.125, 1e-15);
  EXPECT_NEAR(js_surprise(1.0 / 3, 0.4), 0.002188922458449246, 1e-15);
}

TEST(Adtributor, RejectsBadParameters) { EXPECT_THROW(Adtributor({.teep = 0.1, .tep = 0.67, .k = 0}), ConfigError); }

}  // namespace
}  // namespace moce
