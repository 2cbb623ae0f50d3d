// Tests of the lasso: the orthogonal-design closed form (soft thresholding) and a seeded random
// problem against an independent proximal-gradient (ISTA) solution.
#include "operators/stats/lasso.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "runtime/error.hpp"

namespace moce {
namespace {

TEST(Lasso, OrthogonalDesignIsSoftThresholding) {
  // z1, z2, z3 are centred, orthogonal and of unit population variance, so the lasso solution is
  // b_j = S(z_j'y/n, lambda) = S(2, .3), S(-.5, .3), S(.1, .3) = 1.7, -0.2, 0; the intercept is
  // mean(y) = 5. The first feature is stored as 10 z1 + 7, so on the original scale its
  // coefficient is 1.7/10 and the intercept 5 - 0.17 * 7 = 3.81.
  const Eigen::Vector4d z1(1, 1, -1, -1), z2(1, -1, 1, -1), z3(1, -1, -1, 1);
  Eigen::MatrixXd x(4, 3);
  x << (10 * z1.array() + 7).matrix(), z2, z3;
  const Eigen::VectorXd y = (5 + 2 * z1.array() - 0.5 * z2.array() + 0.1 * z3.array()).matrix();
  const LassoFit fit = Lasso({.lambda = 0.3, .tolerance = 1e-12, .max_iterations = 100}).fit(x, y);
  ASSERT_TRUE(fit.converged);
  EXPECT_NEAR(fit.standardized_coefficients[0], 1.7, 1e-12);
  EXPECT_NEAR(fit.standardized_coefficients[1], -0.2, 1e-12);
  EXPECT_EQ(fit.standardized_coefficients[2], 0.0);
  EXPECT_NEAR(fit.coefficients[0], 0.17, 1e-12);
  EXPECT_NEAR(fit.coefficients[1], -0.2, 1e-12);
  EXPECT_NEAR(fit.intercept, 3.81, 1e-12);
  EXPECT_NEAR(fit.feature_mean[0], 7.0, 1e-12);
  EXPECT_NEAR(fit.feature_scale[0], 10.0, 1e-12);
  // Residual 0.3 z1 - 0.3 z2 + 0.1 z3: RSS = 4 (0.09 + 0.09 + 0.01); TSS = 4 (4 + 0.25 + 0.01).
  EXPECT_NEAR(fit.r2, 1.0 - 0.76 / 17.04, 1e-12);
}

TEST(Lasso, LargePenaltyZeroesEverything) {
  // Above lambda_max = max_j |z_j'(y - mean y)|/n every coefficient is 0 and R^2 = 0.
  const Eigen::Vector4d z1(1, 1, -1, -1), z2(1, -1, 1, -1);
  Eigen::MatrixXd x(4, 2);
  x << z1, z2;
  const Eigen::VectorXd y = (1 + 2 * z1.array() - 0.5 * z2.array()).matrix();
  const LassoFit fit = Lasso({.lambda = 2.0001}).fit(x, y);
  EXPECT_EQ(fit.coefficients.cwiseAbs().maxCoeff(), 0.0);
  EXPECT_DOUBLE_EQ(fit.intercept, 1.0);
  EXPECT_NEAR(fit.r2, 0.0, 1e-15);
  const LassoFit just_below = Lasso({.lambda = 1.9}).fit(x, y);
  EXPECT_NEAR(just_below.coefficients[0], 0.1, 1e-9);
}

TEST(Lasso, ConstantFeatureGetsZero) {
  Eigen::MatrixXd x(5, 2);
  x << 1, 4, 2, 4, 3, 4, 4, 4, 5, 4;
  const Eigen::VectorXd y = (2 * x.col(0).array() + 1).matrix();
  const LassoFit fit = Lasso({.lambda = 0.0, .tolerance = 1e-14}).fit(x, y);
  EXPECT_EQ(fit.coefficients[1], 0.0);
  EXPECT_NEAR(fit.coefficients[0], 2.0, 1e-12);
  EXPECT_NEAR(fit.intercept, 1.0, 1e-12);
  EXPECT_NEAR(fit.r2, 1.0, 1e-14);
}

// Independent reference: standardise by hand, then ISTA (proximal gradient with step 1/L, L the
// largest eigenvalue of Z'Z/n) on (1/2n)||y - mean y - Z b||^2 + lambda ||b||_1, run to a
// fixed point.
Eigen::VectorXd ista_reference(const Eigen::MatrixXd& x, const Eigen::VectorXd& y, double lambda) {
  const double n = static_cast<double>(x.rows());
  Eigen::MatrixXd z = x.rowwise() - x.colwise().mean();
  for (Eigen::Index j = 0; j < z.cols(); ++j) z.col(j) /= std::sqrt(z.col(j).squaredNorm() / n);
  const Eigen::VectorXd yc = (y.array() - y.mean()).matrix();
  const Eigen::MatrixXd h = z.transpose() * z / n;
  const double step = 1.0 / Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd>(h).eigenvalues().maxCoeff();
  Eigen::VectorXd b = Eigen::VectorXd::Zero(z.cols());
  for (int it = 0; it < 2000000; ++it) {
    const Eigen::VectorXd grad = -(z.transpose() * (yc - z * b)) / n;
    Eigen::VectorXd next = b - step * grad;
    for (Eigen::Index j = 0; j < next.size(); ++j)
      next[j] = std::copysign(std::max(0.0, std::abs(next[j]) - step * lambda), next[j]);
    const double move = (next - b).cwiseAbs().maxCoeff();
    b = next;
    if (move < 1e-15) break;
  }
  return b;
}

TEST(Lasso, RandomProblemMatchesIsta) {
  std::mt19937_64 rng(20240611);
  std::normal_distribution<double> normal;
  const int n = 80, p = 6;
  Eigen::MatrixXd x(n, p);
  for (int i = 0; i < n; ++i) {
    const double shared = normal(rng);
    for (int j = 0; j < p; ++j) x(i, j) = (j + 1) * (0.6 * shared + normal(rng)) + 3.0 * j;  // correlated, scaled
  }
  Eigen::VectorXd beta(p);
  beta << 1.5, 0.0, -0.7, 0.0, 0.25, 0.05;
  Eigen::VectorXd y = x * beta;
  for (int i = 0; i < n; ++i) y[i] += 4.0 + 0.5 * normal(rng);
  for (double lambda : {0.01, 0.1, 0.5}) {
    const Eigen::VectorXd want = ista_reference(x, y, lambda);
    const LassoFit fit = Lasso({.lambda = lambda, .tolerance = 1e-13, .max_iterations = 100000}).fit(x, y);
    ASSERT_TRUE(fit.converged);
    for (int j = 0; j < p; ++j) {
      EXPECT_NEAR(fit.standardized_coefficients[j], want[j], 1e-6) << "lambda " << lambda << " j " << j;
      EXPECT_NEAR(fit.coefficients[j], want[j] / fit.feature_scale[j], 1e-6);
    }
    // The intercept makes the residuals sum to zero.
    EXPECT_NEAR((y - x * fit.coefficients).mean(), fit.intercept, 1e-9);
    const double rss = (y - x * fit.coefficients - Eigen::VectorXd::Constant(n, fit.intercept)).squaredNorm();
    EXPECT_NEAR(fit.r2, 1.0 - rss / (y.array() - y.mean()).matrix().squaredNorm(), 1e-12);
  }
}

TEST(Lasso, RejectsBadParameters) {
  EXPECT_THROW(Lasso({.lambda = -1}), ConfigError);
  EXPECT_THROW(Lasso({.lambda = 0.1, .tolerance = 0}), ConfigError);
  EXPECT_THROW(Lasso({.lambda = 0.1, .tolerance = 1e-6, .max_iterations = 0}), ConfigError);
}

}  // namespace
}  // namespace moce
