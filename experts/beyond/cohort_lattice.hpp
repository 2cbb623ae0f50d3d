// Beyond MoCE: multi-attribute cohorts. Searches the cohort lattice (in the spirit of HotSpot,
// Squeeze and RiskLoc) for single values and pairs a:v&b:w that explain the anomaly. Input:
// workflow 1 (leaf cohorts) and its roll-up per value.
#pragma once

#include "experts/core/expert.hpp"

namespace moce::experts {

// Score of a cohort c (a value or a pair): the difference-in-differences z of c against the
// rest of the alert's sessions (cohort_shift.hpp). z grows with both the share of the anomaly's
// excess that c holds and with how concentrated the shift is inside c: a parent that also holds
// unaffected sessions is diluted (z_parent ~ sqrt(share) z_pair), a child of the true cohort
// holds less of it; so the true level of the lattice scores highest. Evidence also gives the
// excess c explains: n_anomaly(c) (change_c - change_rest) / (N_anomaly change_all).
// Search, pruned so that 8+ attributes of 40 values stay cheap:
//   1. every value is scored (one pass over the value roll-up);
//   2. only values with z >= expand_z are expanded, at most `beam` of them (highest z first);
//   3. pairs of expanded values of different attributes are rolled up in one pass over the
//      leaves (PairMoments).
// A pair is a lead only when it beats both parts: z_pair > z_part, and a conditional test says
// its shift exceeds the rest of each part's (z of pair vs part \ pair >= cond_z, the part's rest
// having min_sessions in both windows). A single value is a lead unless a lead pair explains it
// (its rest outside the pair no longer shifts: z < cond_z). A lead must hold at least min_share
// (0.1) of the anomaly's excess when the KPI got worse overall (a cohort that holds 3% of it is a
// bystander, not the cause; when the KPI did not get worse overall the share is undefined). Every lead passes the shift test
// (z >= min_z, Welch p Bonferroni-corrected over all values, < alpha). For pairs the correction
// counts the pairs tested (at most beam (beam - 1) / 2), a screen-then-test search: the pairs
// tested are only those of values that shifted on their own, and a pair must also beat both
// parts and each part's rest (the conditional tests above), which noise rarely does at once.
// Counting every possible pair of every value (all_pairs_bonferroni = 1; thousands with 8
// attributes of up to 40 values) asked z ~ 4.6 of a pair of 30 anomaly sessions, and missed
// half the combinations the simulator plants; the false pairs this admits are measured on null
// incidents (the mixture's floor is calibrated there). Confidence 1 - exp(-z / z_scale); at most max_leads, best first.
class CohortLattice : public Expert {
 public:
  explicit CohortLattice(const Config* config);
  Lazy<Leads> build(Workflows& wf) const override;

 private:
  double alpha_, min_z_, z_scale_, expand_z_, cond_z_, min_share_;
  std::int64_t beam_, min_sessions_, max_leads_;
  bool all_pairs_bonferroni_;
};

}  // namespace moce::experts
