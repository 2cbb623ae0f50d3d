// Expert 12 (Table 3, Figure 14e): single-entity maximum likelihood (appendix A.2) on workflow 1.
// Hypothesis space: one value of one cohort attribute.
#pragma once

#include "experts/core/expert.hpp"

namespace moce::experts {

// A decision tree (multiway splits, depth max_depth, min_leaf samples per leaf) is fitted on the
// historical window's leaf cohorts, each one weighted row (mean, n, squared deviations, so a node
// sees the within-cohort variance): Normal for a real KPI, Binomial on the bad-outcome share for
// a binary one. The anomaly window is reduced to one weighted value per leaf cohort, and every
// single entity C is scored by ln P[D | H_C] - ln P[D | nothing failed] with the biased
// distribution of A.2 (mean 3 sigma worse; failure probability halfway to 1).
// Leads, best log-likelihood ratio first: entities that also pass the shift test (difference in
// differences z >= min_z and the one-sided Welch p, Bonferroni over the values tested, < alpha),
// because the MLE names a best entity even on a null incident. Confidence:
// (1 - exp(-z / z_scale)) * the posterior of H_C among the passing entities (softmax of their
// ratios), so it grows with the shift's strength and with how clearly the MLE prefers C.
class CohortMle : public Expert {
 public:
  explicit CohortMle(const Config* config);
  Lazy<Leads> build(Workflows& wf) const override;

 private:
  std::int64_t max_depth_;
  double min_leaf_, sigma_shift_, alpha_, min_z_, z_scale_;
  std::int64_t min_sessions_, max_leads_;
};

}  // namespace moce::experts
