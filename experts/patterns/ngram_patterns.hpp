// Expert 14 (Table 3, Figure 14g): n-gram event patterns. Hypothesis space: a contiguous sequence
// of event names inside the KPI's flow context (pattern:e1>e2>e3). Input: workflow 4.
#pragma once

#include "experts/core/expert.hpp"

namespace moce::experts {

// Outcome markers (pattern_stats.hpp: event types that already flagged bad outcomes in the
// historical window, e.g. the app's own error event) are removed from the tokens first: they are
// the failure's symptoms and would otherwise dominate and ride along with every cause pattern.
// Then, over the anomaly window's sessions (workflow 4: filtered event tokens, bad-outcome flag), every
// contiguous n-gram, 1 <= n <= max_n, held by at least min_faulty faulty sessions is tested:
// one-sided Fisher exact test that its share of faulty sessions (pf) exceeds its share of normal
// sessions (pn), Bonferroni over the n-grams tested; and the harm must be new: its holders fail
// more often in the anomaly window than its holders did in the history (one-sided Fisher,
// Bonferroni; a pattern with no history cannot pass, nor can one that always went with failures,
// like a double click that always makes a login slow). Significant n-grams with
// pf - pn >= min_effect are leads, ranked by the effect pf - pn, the confidence (ties: shorter,
// then by id).
// Redundancy, greedily from the strongest lead: a pattern is dropped when a stronger lead kept
// contains it or is contained in it and holds at least `same_share` of its faulty sessions (it
// explains the same sessions; of patterns with identical support the shorter stays, as the extra
// events of the longer one merely ride along).
class NGramPatterns : public Expert {
 public:
  explicit NGramPatterns(const Config* config);
  Lazy<Leads> build(Workflows& wf) const override;

 private:
  std::int64_t max_n_, min_faulty_, max_leads_;
  double alpha_, min_effect_, same_share_, marker_effect_;
};

}  // namespace moce::experts
