// Tests of the incomplete beta function and Student's t tails against scipy.special/scipy.stats.
#include "operators/stats/special_functions.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace moce {
namespace {

void expect_relative(double got, double want, double tol) {
  EXPECT_NEAR(got, want, tol * std::abs(want)) << "want " << want;
}

TEST(RegularizedBeta, MatchesScipyBetainc) {
  // scipy.special.betainc(a, b, x), scipy 1.10.1.
  expect_relative(regularized_beta(0.5, 0.5, 0.3), 0.3690101195655454, 1e-12);
  expect_relative(regularized_beta(2.0, 3.0, 0.4), 0.5248, 1e-12);  // closed form too
  expect_relative(regularized_beta(50.0, 0.5, 0.99), 0.31730439787419623, 1e-11);
  expect_relative(regularized_beta(1e5, 0.5, 0.99999), 0.15729868817218146, 1e-9);
  expect_relative(regularized_beta(3.5, 120.0, 0.01), 0.06824200407583215, 1e-11);
  expect_relative(regularized_beta(0.5, 7.5, 0.9), 0.9999999932897103, 1e-12);
}

TEST(RegularizedBeta, EndpointsAndSymmetry) {
  EXPECT_EQ(regularized_beta(2.0, 3.0, 0.0), 0.0);
  EXPECT_EQ(regularized_beta(2.0, 3.0, 1.0), 1.0);
  // I_x(a, b) = 1 - I_{1-x}(b, a); I_x(1, 1) = x.
  EXPECT_NEAR(regularized_beta(2.5, 4.0, 0.3), 1.0 - regularized_beta(4.0, 2.5, 0.7), 1e-14);
  EXPECT_NEAR(regularized_beta(1.0, 1.0, 0.37), 0.37, 1e-15);
}

TEST(LogBeta, MatchesLgammaAndLargeArguments) {
  EXPECT_NEAR(log_beta(2.0, 3.0), std::log(1.0 / 12.0), 1e-14);
  // B(a, 1/2) for large a: ln B = lgamma(a) + lgamma(1/2) - lgamma(a + 1/2); at a = 1e6 the
  // Stirling branch must agree with the direct difference to its (much coarser) precision.
  const double a = 1e6;
  EXPECT_NEAR(log_beta(a, 0.5), std::lgamma(a) + std::lgamma(0.5) - std::lgamma(a + 0.5), 1e-7);
  // Branch boundary: both sides of a = 10 agree with lgamma.
  EXPECT_NEAR(log_beta(10.0, 2.0), std::lgamma(10.0) + std::lgamma(2.0) - std::lgamma(12.0), 1e-13);
  EXPECT_NEAR(log_beta(9.99, 2.0), std::lgamma(9.99) + std::lgamma(2.0) - std::lgamma(11.99), 1e-13);
}

TEST(StudentT, SurvivalMatchesScipy) {
  // scipy.stats.t.sf(t, df), scipy 1.10.1.
  expect_relative(student_t_sf(2.0, 3.0), 0.06966298427942155, 1e-12);
  expect_relative(student_t_sf(-1.5, 10.0), 0.9177463367772799, 1e-12);
  expect_relative(student_t_sf(8.0, 25.0), 1.1748753078594292e-08, 1e-10);
  expect_relative(student_t_sf(0.3, 1.0), 0.4072264209222577, 1e-12);
  expect_relative(student_t_sf(40.0, 7.0), 7.951089992425214e-10, 1e-10);
  EXPECT_EQ(student_t_sf(0.0, 5.0), 0.5);
}

}  // namespace
}  // namespace moce
