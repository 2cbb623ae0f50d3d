// The shared shift tests: difference in differences by hand, no rest no test, and the binary
// variance floor that keeps five failing sessions from looking certain.
#include <gtest/gtest.h>

#include <cmath>

#include "experts/cohort/cohort_shift.hpp"

namespace moce::experts {
namespace {

Moments moments(double n, double mean, double variance) { return {n, mean, variance * (n - 1)}; }

TEST(CohortShift, DifferenceInDifferencesByHand) {
  // Part: 100 -> 20 sessions, mean 10 -> 30, variance 4 and 9; rest: 300 -> 60, mean 10 -> 12,
  // variance 4 both. z = [(30 - 10) - (12 - 10)] / sqrt(9/20 + 4/100 + 4/60 + 4/300).
  const WindowMoments part{moments(100, 10, 4), moments(20, 30, 9)};
  const WindowMoments rest{moments(300, 10, 4), moments(60, 12, 4)};
  WindowMoments total = part;
  total[0].merge(rest[0]);
  total[1].merge(rest[1]);
  const ShiftTest t = shift_test(part, total, 1.0, 5);
  ASSERT_TRUE(t.tested);
  EXPECT_NEAR(t.z, 18 / std::sqrt(9.0 / 20 + 4.0 / 100 + 4.0 / 60 + 4.0 / 300), 1e-9);
  EXPECT_NEAR(t.change, 20, 1e-9);
  EXPECT_NEAR(t.rest_change, 2, 1e-9);
  EXPECT_NEAR(t.t, 20 / std::sqrt(9.0 / 20 + 4.0 / 100), 1e-9);
  EXPECT_LT(t.p, 1e-9);
  // Lower is better here; with higher is better the same data is an improvement.
  EXPECT_LT(shift_test(part, total, -1.0, 5).z, 0);
}

TEST(CohortShift, APartWithoutRestIsNotTested) {
  // The alert's own cohort (every session): no rest to compare with.
  const WindowMoments all{moments(100, 10, 4), moments(20, 30, 9)};
  EXPECT_FALSE(shift_test(all, all, 1.0, 5).tested);
  EXPECT_FALSE(significant(shift_test(all, all, 1.0, 5), 0.01, 3, 1));
}

TEST(CohortShift, BinaryVarianceFloor) {
  // Success (higher is better): 95 of 100 historical sessions, 0 of 5 in the anomaly. The sample
  // variance of the anomaly is 0; the floor uses p~ = 0.5/6 = 1/12: 1/12 * 11/12 * 5/4 = 55/576,
  // and for history p~ = 95.5/101 (above its sample variance .95 * .05 * 100/99).
  const WindowMoments part{Moments{100, 0.95, 0.95 * 0.05 * 100}, Moments{5, 0.0, 0.0}};
  const WindowMoments rest{Moments{1000, 0.95, 0.95 * 0.05 * 1000}, Moments{200, 0.95, 0.95 * 0.05 * 200}};
  const ShiftTest plain = shift_against(part, rest, -1.0, 5, false);
  const ShiftTest floored = shift_against(part, rest, -1.0, 5, true);
  const double ph = 95.5 / 101;
  EXPECT_NEAR(floored.t, 0.95 / std::sqrt(55.0 / 576 / 5 + ph * (1 - ph) * 100 / 99 / 100), 1e-9);
  EXPECT_GT(plain.t, 40);     // zero variance: the anomaly sample looks certain
  EXPECT_LT(floored.t, 7);
  EXPECT_GT(floored.p, 1e-4);  // few degrees of freedom: not a certainty
  EXPECT_LT(plain.p, 1e-20);
}

}  // namespace
}  // namespace moce::experts
