// Expert 13 (Table 3, Figure 14f) and the paper's baseline "Adtributor alone" (sec. 5.2):
// Adtributor (ALGORITHMS.md sec. 1) on workflow 1 rolled up per value. Hypothesis space: one
// value of one cohort attribute.
#pragma once

#include "experts/core/expert.hpp"

namespace moce::experts {

// The cube: one element per (attribute, value); forecast = the element's historical total scaled
// to the anomaly window's traffic (x N_anomaly / N_historical), actual = its anomaly total.
//   real KPI:   additive measure, the KPI's sum;
//   binary KPI: derived measure failures / sessions (a = bad outcomes, b = sessions).
// Adtributor (teep, tep, k) picks explanatory sets by surprise; their elements are the candidate
// leads. Each must also pass Expert 11's shift test (difference in differences z >= min_z and a
// one-sided Welch p, Bonferroni-corrected over the values tested, < alpha), so a null incident,
// where Adtributor still "explains" noise, gives nothing.
// Confidence = min(1, EP) * (1 - exp(-z / z_scale)): the share of the anomaly the value explains,
// discounted by how sure the shift is. Ranked by it (ties by id), at most max_leads.
class CohortAdtributor : public Expert {
 public:
  explicit CohortAdtributor(const Config* config);
  Lazy<Leads> build(Workflows& wf) const override;

 private:
  double teep_, tep_;
  std::int64_t k_;
  double alpha_, min_z_, z_scale_;
  std::int64_t min_sessions_, max_leads_;
};

}  // namespace moce::experts
