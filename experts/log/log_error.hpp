// The server-log expert (MoCE sec. 6.1, the "log error" incident type): a log template whose
// error lines rise in the anomaly window and track the KPI's failures over time. Hypothesis
// space: a log template (log:<template text>). Inputs: the server log, the alert's sessions.
#pragma once

#include "experts/core/expert.hpp"

namespace moce::experts {

// Per template with error-level lines (levels: `levels`, matched against the log's own level
// dictionary), its count per time bin x (bin_sec, 5 minutes) over the historical and anomaly
// windows, and the KPI's bad-outcome rate per bin y of the alert's sessions (bins without
// sessions skipped). The anomaly's mean count must be at least min_rise (2) times the history's
// median bin, and two one-sided tests, each Bonferroni over the templates, at alpha (0.05) pass:
//   rise: Welch's t-test of the anomaly bins' counts against the historical bins' counts;
//         background bursts in the history inflate its variance, so they make the test stricter
//         rather than hide or fake a rise;
//   tracking: Pearson's r of x and y over all bins, t = r sqrt((k-2)/(1-r^2)), k-2 df; a
//         background burst that the KPI does not follow lowers r;
// and a confirmation, at within_alpha (0.05) for the templates that passed both:
//   within-window tracking: the same on x and y less each window's mean, so that a template
//         that merely steps up with the anomaly window (load, an unrelated burst) while the KPI
//         steps up for another reason does not pass.
// A template passing all three with r >= min_r is a lead; confidence r (the share of the KPI's
// bin-to-bin variation the template's rate tracks, as a correlation); evidence: the
// windows' mean counts, the p-values and the within-window r.
class LogError : public Expert {
 public:
  explicit LogError(const Config* config);
  std::string applicability(const IncidentInput& input) const override;
  Lazy<Leads> build(Workflows& wf) const override;

 private:
  double alpha_, min_rise_, min_r_, bin_sec_, within_alpha_;
  std::int64_t max_leads_;
  std::vector<std::string> levels_;
};

}  // namespace moce::experts
