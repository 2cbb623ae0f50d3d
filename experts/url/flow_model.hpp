// Experts 1 and 2 (Table 3, Figure 14a): the URL flow model (appendix A.1) on workflow 2.
// Hypothesis space: the network request URLs the KPI's flow context called (url:<url>).
#pragma once

#include "experts/core/expert.hpp"
#include "experts/url/url_tables.hpp"

namespace moce::experts {

// The KPI M of a session is modelled as M = beta_0 + sum_i alpha_i f(u_i), f the per-session
// URL duration (expert 1, flow_model_duration) or failure rate (expert 2, flow_model_failures),
// 0 for a URL the session did not call. Rows: the alert's sessions of both windows with a KPI
// value and at least one response in the flow context.
//
//   1. Gate on the KPI itself: it must have worsened (anomaly vs historical mean, oriented by
//      higher_is_better) with a one-sided Welch p-value < alpha. Our addition: the paper's rule
//      (2) is relative to the change, so without it noise in an incident with no change would
//      still yield leads.
//   2. Lasso (operators/stats/lasso) on both windows, features standardised, with
//      lambda = lambda_ratio * lambda_max, where lambda_max = max_j |cov(z_j, M)| is the smallest
//      penalty that zeroes every coefficient (the top of glmnet's path). A ratio (default 0.01)
//      rather than an absolute value keeps the penalty in the KPI's units whatever they are
//      (ms or a success flag): it zeroes URLs whose correlation with M is under 1% of the
//      strongest one's and barely shrinks the strong ones.
//   3. No leads when R^2 < min_r2 (0.5): the linear model is not trusted.
//   4. Contribution c_i = alpha_i (mean_A f(u_i) - mean_H f(u_i)); with s = -1 when higher is
//      better (else +1), a URL is a lead when s c_i > alpha_share * s (mean_A M - mean_H M)
//      (rule (2) with the paper's alpha = 0.2), and (our addition) its f moved in the direction
//      that worsens M with a one-sided Welch p-value < alpha, Bonferroni over the URLs.
//   5. Confidence: the leads' contributions normalised to sum to 1 (the paper's), after keeping
//      the max_leads largest (the paper's K = 5 ~ 1 / alpha_share).
class FlowModel : public Expert {
 public:
  FlowModel(UrlMetric metric, const Config* config);
  Lazy<Leads> build(Workflows& wf) const override;

 private:
  Leads rank(const UrlSessionMatrix& matrix, bool higher_is_better) const;

  UrlMetric metric_;
  double alpha_share_, min_r2_, lambda_ratio_, alpha_;
  std::int64_t min_sessions_, max_leads_;
};

}  // namespace moce::experts
