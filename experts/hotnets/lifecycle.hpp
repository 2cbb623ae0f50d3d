// The HotNets'25 lifecycle expert (companion paper sec. 5.1, Expert 2): the binary user-lifecycle
// cohorts, first session vs returning, from the sessions' `session_index`. Hypothesis space:
// lifecycle:first_session, lifecycle:returning.
#pragma once

#include "experts/core/expert.hpp"

namespace moce::experts {

// Buckets: session_index 1 = first_session, >= 2 = returning (other values, e.g. 0 for
// "unknown", belong to neither). Per bucket, in each window, its KPI level L (the mean of a real
// KPI, the bad-outcome rate of a binary one) is compared with all users' by the oriented relative
// gap g_w = (L_bucket - L_all) / |L_all| (positive = worse). The bucket is flagged, as in the
// paper, when its KPI is an outlier (difference-in-differences z against the other bucket
// >= outlier_z) or its gap to all users grew by more than `gap` (0.25: "> 25%") from history to
// the anomaly: g_1 - g_0 > gap. A flag also needs the shift test (z >= min_z and a one-sided
// Welch p of the bucket's anomaly vs its history, Bonferroni over the 2 buckets, < alpha), so
// noise and load drift give nothing. Confidence 1 - exp(-z / z_scale).
// Applies only when the corpus has a session_index column.
class Lifecycle : public Expert {
 public:
  explicit Lifecycle(const Config* config);
  std::string applicability(const IncidentInput& input) const override;
  Lazy<Leads> build(Workflows& wf) const override;

 private:
  double gap_, outlier_z_, alpha_, min_z_, z_scale_;
  std::int64_t min_sessions_;
};

}  // namespace moce::experts
