// Beyond MoCE: explaining away. When one cohort value explains the shifts of URLs (an app version
// that slows every URL) or of correlated attributes (a device and its OS), the explaining value is
// the lead. Inputs: workflow 1 (leaf cohorts and the value roll-up) and workflow 2 (URL statistics,
// which carries the cohort attributes of every session-URL row), when the corpus has events.
#pragma once

#include "experts/core/expert.hpp"

namespace moce::experts {

// Candidates: cohort values whose KPI shifts (Expert 11's test: z >= min_z, Welch p Bonferroni
// over the values < alpha) and URLs whose latency (real KPI) or failure rate (binary KPI) got
// worse (one-sided Welch z of anomaly vs history >= min_z, Bonferroni over the URLs). At most
// max_candidates values, highest z first.
// Conditional tests: a candidate u is explained by a value v when
//   - u and v overlap (min_sessions in both windows in the intersection), and
//   - once v's sessions are removed, u no longer shifts: u \ v (tested against everything outside
//     v) has z < residual_z and its effect is at most `residual_share` of u's own, or u \ v is too
//     small to test; for a URL, its rows outside v must be testable and show no shift; and
//   - (values) inside v, u's sessions do not shift more than v's others: z(u&v vs v \ u) < residual_z
//     (or v \ u too small); so an OS that fails is not explained by its most common device.
// Two values that explain each other: the one with the lower z (ties: the later id) is explained.
// Leads: the values that explain at least one candidate and are not explained themselves.
// Confidence s^(1/(1+k)), s = 1 - exp(-z_v / z_scale), k = candidates v explains: high, and higher
// the more it explains.
// Mixture weight: [mixture] weight.explain_away = 2 (see the report in the tests' README).
class ExplainAway : public Expert {
 public:
  explicit ExplainAway(const Config* config);
  Lazy<Leads> build(Workflows& wf) const override;

 private:
  double alpha_, min_z_, z_scale_, residual_z_, residual_share_;
  std::int64_t min_sessions_, max_candidates_, max_leads_;
};

}  // namespace moce::experts
