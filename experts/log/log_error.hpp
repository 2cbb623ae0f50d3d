// The server-log expert (MoCE sec. 6.1, the "log error" incident type): a log template whose
// error lines rise in the anomaly window and track the KPI's failures over time. Hypothesis
// space: a log template (log:<template text>). Inputs: the server log, the alert's sessions.
#pragma once

#include "experts/core/expert.hpp"

namespace moce::experts {

// Per template with error-level lines (levels: `levels`, matched against the log's own level
// dictionary), its count per minute x over the historical and anomaly windows, and the KPI's
// bad-outcome rate per minute y of the alert's sessions (minutes without sessions skipped).
// Two one-sided tests, each Bonferroni over the templates, at alpha:
//   rise: Welch's t-test of the anomaly minutes' counts against the historical minutes' counts;
//         background bursts in the history inflate its variance, so they make the test stricter
//         rather than hide or fake a rise;
//   tracking: Pearson's r of x and y over all minutes, t = r sqrt((k-2)/(1-r^2)), k-2 df; a
//         background burst that the KPI does not follow lowers r;
//   within-window tracking: the same on x and y less each window's mean, so that a template
//         that merely steps up with the anomaly window (load, an unrelated burst) while the KPI
//         steps up for another reason does not pass.
// A template passing all three with r >= min_r is a lead; confidence r (the share of the KPI's
// minute-to-minute variation the template's rate tracks, as a correlation); evidence: the
// windows' mean counts, the p-values and the within-window r.
class LogError : public Expert {
 public:
  explicit LogError(const Config* config);
  std::string applicability(const IncidentInput& input) const override;
  Lazy<Leads> build(Workflows& wf) const override;

 private:
  double alpha_, min_r_;
  std::int64_t max_leads_;
  std::vector<std::string> levels_;
};

}  // namespace moce::experts
