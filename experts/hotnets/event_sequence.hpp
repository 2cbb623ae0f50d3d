// HotNets'25 Expert 1 (sec. 5.1): event-sequence opportunities. Hypothesis space: a contiguous
// sequence of k event tokens (pattern:e1>e2). Input: workflow 4, whose token map M is the event
// name and whose filter F drops the workflow's ignored plumbing events.
#pragma once

#include "experts/core/expert.hpp"

namespace moce::experts {

// Over the anomaly window's sessions, every contiguous sequence of min_length..max_length tokens
// (the paper's k) is an opportunity when it occurs in >= min_faulty_share (10%) of faulty
// sessions and its rate there is >= min_ratio (2x) its rate in normal sessions (a pattern absent
// from normal sessions passes). The paper's heuristic alone fires on noise and on patterns that
// always went with failures (a slow double click), so two gates are added, each a one-sided
// Fisher test, Bonferroni over the sequences checked, at alpha: the faulty rate exceeds the
// normal rate, and the harm is new (pattern_stats.hpp, GramHistory: the pattern's holders fail
// more often than its holders in the historical window). Of sequences held by exactly the same faulty and normal sessions, one contained in
// the other, only the shortest is reported (the paper's k fixed; here k ranges over lengths).
// Confidence: the faulty rate times (1 - normal rate / faulty rate), i.e. pf - pn.
class HotNetsEventSequence : public Expert {
 public:
  explicit HotNetsEventSequence(const Config* config);
  Lazy<Leads> build(Workflows& wf) const override;

 private:
  std::int64_t min_length_, max_length_, max_leads_;
  double min_faulty_share_, min_ratio_, alpha_;
};

}  // namespace moce::experts
