// Expert 15 (Table 3, Figure 14h) and the paper's baseline "Minesweeper alone": Minesweeper
// (ALGORITHMS.md sec. 2, operators/stats/minesweeper.hpp) on the alert's sessions. Hypothesis
// space: an ordered, gapped subsequence of event names (pattern:e1>e2>e3). Input: workflow 4.
#pragma once

#include "experts/core/expert.hpp"

namespace moce::experts {

// Conditional (Table 3): conversion metrics only, i.e. a binary KPI whose flow context spans a
// start and an end event (decided from the alert, whatever the names); applicability() gives the
// reason otherwise. Test = faulty sessions of the anomaly window, control = normal sessions of
// either window, both non-empty sequences. Patterns of length <= max_length held by at least
// min_support of the test sessions, precision (class-normalised) > min_precision, redundancy
// removed, ranked by F1 (the operator). Gate: a one-sided Fisher test of the pattern's test share
// against its control share, Bonferroni over every frequent pattern mined, at alpha. Confidence:
// the F1 (precision and recall in the evidence). Option: marker_effect <= 1 first drops the
// outcome markers as the n-gram expert does (default 0.5; 1.01 turns it off, the paper's
// Minesweeper as published, whose symptom leads such as an app-error event outvoted true causes).
// new_harm = 1 (default) also asks a pattern's harm to be new, as the n-gram experts do: its
// holders must fail more often in the anomaly window than its holders did in the history
// (one-sided Fisher, same Bonferroni); otherwise a null incident's failures always show their
// usual patterns (a CORS error, then a timeout). new_harm = 0 is the paper's test-vs-control only.
class MinesweeperPatterns : public Expert {
 public:
  explicit MinesweeperPatterns(const Config* config);
  std::string applicability(const IncidentInput& input) const override;
  Lazy<Leads> build(Workflows& wf) const override;

 private:
  std::int64_t max_length_, top_n_, min_test_;
  double min_support_, min_precision_, alpha_, marker_effect_;
  std::int64_t new_harm_;
};

}  // namespace moce::experts
