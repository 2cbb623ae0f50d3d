// The HotNets'25 lifecycle expert (companion paper sec. 5.1, Expert 2): the binary user-lifecycle
// cohorts, first session vs returning, from the sessions' `session_index`. Hypothesis space:
// lifecycle:first_session, lifecycle:returning.
#pragma once

#include <array>
#include <string>
#include <vector>

#include "experts/cohort/cohort_shift.hpp"
#include "experts/core/expert.hpp"

namespace moce::experts {

// Buckets: session_index 1 = first_session, >= 2 = returning (other values, e.g. 0 for
// "unknown", belong to neither). Per bucket, in each window, its KPI level L (the mean of a real
// KPI, the bad-outcome rate of a binary one) is compared with all users' by the oriented relative
// gap g_w = (L_bucket - L_all) / |L_all| (positive = worse). The bucket is flagged, as in the
// paper, when its KPI is an outlier (the one-sided Welch t of its anomaly against its history
// >= outlier_t) or its gap to all users grew by more than `gap` (0.25: "> 25%") from history to
// the anomaly: g_1 - g_0 > gap. (A bucket that is 90% of all users can never be 25% away from
// them, hence the outlier rule.) A flag also needs the shift test against the other bucket
// (difference-in-differences z >= min_z and the Welch p, Bonferroni over the 2 buckets, < alpha),
// so noise and load drift, which move both buckets, give nothing. Confidence 1 - exp(-z / z_scale).
// When no whole bucket is flagged, a bucket inside one cohort value can be (within_value() in the
// source: returning users of one os version). Applies only when the corpus has a session_index column.
class Lifecycle : public Expert {
 public:
  explicit Lifecycle(const Config* config);
  std::string applicability(const IncidentInput& input) const override;
  Lazy<Leads> build(Workflows& wf) const override;

 private:
  void within_value(Leads& out, const std::vector<std::vector<std::array<WindowMoments, 2>>>& within,
                    const Relation& groups, const std::vector<std::string>& attributes, const WindowMoments& total,
                    double sign, bool binary) const;

  double gap_, outlier_t_, alpha_, min_z_, z_scale_;
  std::int64_t min_sessions_;
  double within_z_, within_scale_;
};

}  // namespace moce::experts
