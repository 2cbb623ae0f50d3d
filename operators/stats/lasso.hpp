// Lasso regression by cyclic coordinate descent (appendix A.1, FlowModel: M = beta_0 +
// sum_i alpha_i f(u_i) learned "using lasso regression with L1 penalty").
#pragma once

#include <Eigen/Dense>
#include <string_view>

#include "operators/stats/pivot.hpp"
#include "runtime/dag/hash.hpp"

namespace moce {

struct LassoFit {
  Eigen::VectorXd coefficients;               // on the original feature scale
  double intercept = 0;                       // on the original scale
  Eigen::VectorXd standardized_coefficients;  // on centred, unit-variance features
  Eigen::VectorXd feature_mean;
  Eigen::VectorXd feature_scale;              // population standard deviation (1/n); 0 = constant
  double r2 = 0;                              // 1 - RSS/TSS on the training data
  int iterations = 0;                         // full coordinate sweeps run
  bool converged = false;
};

// Minimises, over b and b0, on standardised features z_j = (x_j - mean_j) / scale_j:
//   (1/2n) ||y - b0 - Z b||^2 + lambda ||b||_1
// (the scikit-learn / glmnet scaling of the penalty; the intercept is not penalised). The
// coefficients are then mapped back: coefficient_j = b_j / scale_j and
// intercept = mean(y) - sum_j coefficient_j mean_j. A constant feature gets coefficient 0.
// Coordinate descent runs on the Gram matrix Z'Z/n ("covariance updates"), built in one pass of
// centred row blocks, so a sweep costs O(p^2) whatever the row count. It stops when no
// standardised coefficient moves by more than `tolerance` in a sweep. R^2 follows scikit-learn:
// with a constant y it is 1 for a perfect fit and 0 otherwise.
class Lasso {
 public:
  struct Params {
    double lambda = 0.01;
    double tolerance = 1e-8;
    int max_iterations = 10000;
    void hash_append(Hasher& h) const {
      h.add(lambda);
      h.add(tolerance);
      h.add(max_iterations);
    }
  };
  static constexpr std::string_view kName = "lasso";

  // Throws ConfigError on lambda < 0, tolerance <= 0 or max_iterations < 1.
  explicit Lasso(Params params);
  const Params& params() const { return params_; }
  std::string_view name() const { return kName; }
  void hash_params(Hasher& h) const { h.add(params_); }

  // x: n rows (observations) by p features; y: n values; n >= 1.
  LassoFit fit(const Eigen::Ref<const Eigen::MatrixXd>& x, const Eigen::Ref<const Eigen::VectorXd>& y) const;
  // The graph operator: owning inputs (e.g. a Lazy<FeatureMatrix>'s values and a response).
  LassoFit run(const Eigen::MatrixXd& x, const Eigen::VectorXd& y) const { return fit(x, y); }
  // Over a Pivot's matrix (coefficient j belongs to x.column_codes[j]).
  LassoFit run(const FeatureMatrix& x, const Eigen::VectorXd& y) const { return fit(x.values, y); }

 private:
  Params params_;
};

}  // namespace moce
