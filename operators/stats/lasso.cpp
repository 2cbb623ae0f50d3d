// Lasso by cyclic coordinate descent with covariance updates.
#include "operators/stats/lasso.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

#include "runtime/error.hpp"

namespace moce {
namespace {

double soft_threshold(double value, double threshold) {
  if (value > threshold) return value - threshold;
  if (value < -threshold) return value + threshold;
  return 0.0;
}

}  // namespace

Lasso::Lasso(Params params) : params_(params) {
  if (!(params_.lambda >= 0)) throw ConfigError(cat(kName, ": lambda must be >= 0, got ", params_.lambda));
  if (!(params_.tolerance > 0))
    throw ConfigError(cat(kName, ": tolerance must be > 0, got ", params_.tolerance));
  if (params_.max_iterations < 1)
    throw ConfigError(cat(kName, ": max_iterations must be >= 1, got ", params_.max_iterations));
}

LassoFit Lasso::fit(const Eigen::Ref<const Eigen::MatrixXd>& x, const Eigen::Ref<const Eigen::VectorXd>& y) const {
  const Eigen::Index n = x.rows();
  const Eigen::Index p = x.cols();
  MOCE_ASSERT(n >= 1 && y.size() == n, kName, ": ", n, " rows of features but ", y.size(), " responses");
  const double nd = static_cast<double>(n);

  LassoFit fit;
  fit.feature_mean = x.colwise().mean().transpose();
  const double y_mean = y.mean();

  // Centred Gram matrix and correlations, accumulated over row blocks so that no centred copy
  // of x is ever held whole.
  constexpr Eigen::Index kBlock = 4096;
  Eigen::MatrixXd gram = Eigen::MatrixXd::Zero(p, p);
  Eigen::VectorXd corr = Eigen::VectorXd::Zero(p);
  Eigen::MatrixXd block;
  for (Eigen::Index start = 0; start < n; start += kBlock) {
    const Eigen::Index rows = std::min(kBlock, n - start);
    block = x.middleRows(start, rows).rowwise() - fit.feature_mean.transpose();
    gram.selfadjointView<Eigen::Lower>().rankUpdate(block.transpose());
    corr.noalias() += block.transpose() * (y.segment(start, rows).array() - y_mean).matrix();
  }
  gram = gram.selfadjointView<Eigen::Lower>();

  fit.feature_scale.resize(p);
  for (Eigen::Index j = 0; j < p; ++j) fit.feature_scale[j] = std::sqrt(std::max(0.0, gram(j, j)) / nd);
  // Standardise: G_jk / (n s_j s_k), c_j / (n s_j); constant features drop out.
  std::vector<Eigen::Index> active;
  for (Eigen::Index j = 0; j < p; ++j)
    if (fit.feature_scale[j] > 0) active.push_back(j);
  for (Eigen::Index j : active) {
    corr[j] /= nd * fit.feature_scale[j];
    for (Eigen::Index k : active) gram(j, k) /= nd * fit.feature_scale[j] * fit.feature_scale[k];
  }

  // g = G b is kept current, so each coordinate update is O(p).
  Eigen::VectorXd b = Eigen::VectorXd::Zero(p);
  Eigen::VectorXd g = Eigen::VectorXd::Zero(p);
  const double lambda = params_.lambda;
  for (fit.iterations = 1; fit.iterations <= params_.max_iterations; ++fit.iterations) {
    double largest_move = 0;
    for (Eigen::Index j : active) {
      const double rho = corr[j] - g[j] + gram(j, j) * b[j];
      const double next = soft_threshold(rho, lambda) / gram(j, j);
      const double delta = next - b[j];
      if (delta != 0) {
        b[j] = next;
        g += delta * gram.col(j);
        largest_move = std::max(largest_move, std::abs(delta));
      }
    }
    if (largest_move <= params_.tolerance) {
      fit.converged = true;
      break;
    }
  }
  fit.iterations = std::min(fit.iterations, params_.max_iterations);

  fit.standardized_coefficients = b;
  fit.coefficients = Eigen::VectorXd::Zero(p);
  for (Eigen::Index j : active) fit.coefficients[j] = b[j] / fit.feature_scale[j];
  fit.intercept = y_mean - fit.coefficients.dot(fit.feature_mean);

  // R^2 from the residuals themselves (not from the Gram form), to keep precision near 1.
  double rss = 0;
  double tss = 0;
  for (Eigen::Index start = 0; start < n; start += kBlock) {
    const Eigen::Index rows = std::min(kBlock, n - start);
    const Eigen::VectorXd fitted = (x.middleRows(start, rows) * fit.coefficients).array() + fit.intercept;
    rss += (y.segment(start, rows) - fitted).squaredNorm();
    tss += (y.segment(start, rows).array() - y_mean).matrix().squaredNorm();
  }
  if (tss > 0) {
    fit.r2 = 1.0 - rss / tss;
  } else {
    fit.r2 = rss == 0 ? 1.0 : 0.0;
  }
  return fit;
}

}  // namespace moce
