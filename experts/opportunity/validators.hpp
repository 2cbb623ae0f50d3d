// The mixture of validators (HotNets'25 sec. 4.3, 5.1) over cohort statistics of one KPI:
//   Expert 1: the cohort holds >= 10% of the faulty (bad-outcome) sessions at >= 2x its share of
//             normal sessions;
//   Expert 2: the cohort's KPI level is an outlier among its sibling cohorts (same hypothesis:
//             robust z >= 3.5 by median and MAD) or differs from the rest by more than 25%;
//   cohort-vs-rest: a one-sided test of inside against outside, Benjamini-Hochberg over
//             every cohort tested for the KPI (q <= alpha).
// A lead must pass the test and at least one of the experts, and be worse inside. Its score is
// the lower 95% bound of the relative effect, so a large certain effect ranks first.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "experts/opportunity/cohort_stats.hpp"

namespace moce::experts::opportunity {

struct Opportunity {
  std::string kpi, cohort, hypothesis, family;
  std::int64_t group = 0;  // sibling group (cohorts of one hypothesis)
  double user_share = 0, session_share = 0;
  double inside = 0, outside = 0;  // KPI mean (binary KPIs: the bad-outcome rate)
  double effect = 0, effect_lo = 0, effect_hi = 0;  // inside - outside, worse = positive, 95% interval
  double relative = 0;                              // effect / |outside|
  double p = 1, q = 1;                              // Welch one-sided p, BH q
  double faulty_share = 0, normal_share = 0;        // Expert 1's rates
  double robust_z = 0;                              // Expert 2's outlier score
  double atom_effect = 0;  // a crossed cohort's atom alone against the population (subtracted)
  bool expert1 = false, expert2 = false, significant = false, symptom = false;
  double score = 0;
  double combined = 0;  // the score normalised by its template's best (the mixture's combiner)
  bool lead() const { return significant && (expert1 || expert2) && effect > 0; }
};

struct ValidatorOptions {
  double alpha = 0.01;
  double min_faulty_share = 0.10, min_ratio = 2.0;  // Expert 1
  double gap = 0.25, outlier_z = 3.5;               // Expert 2
  std::int64_t min_sessions = 30;
};

// Benjamini-Hochberg q-values of `p` (same order).
std::vector<double> benjamini_hochberg(const std::vector<double>& p);

// Expert 1's rule on counts: `faulty_in` of `faulty` bad sessions and `normal_in` of `normal` others.
bool hotnets_expert1(std::int64_t faulty_in, std::int64_t faulty, std::int64_t normal_in, std::int64_t normal,
                     double min_share, double min_ratio);

// Robust z of each value against the others' median and MAD (0 when MAD is 0).
std::vector<double> robust_z(const std::vector<double>& values);

// Fills every field but kpi/cohort/hypothesis/family/group/symptom (set by the caller) for each
// cohort of `opportunities` with `moments`, then applies the mixture. `reference[c]` is the
// population cohort c is contrasted with (its rest is reference - inside): the whole KPI for an
// atom alone, the attribute value's sessions for a crossed cohort "atom & a=v" (so a value that is
// bad everywhere does not make every atom crossed with it a lead: only an interaction does).
// `atom_alone[c]` (n = 0: none) is the uncrossed atom of a crossed cohort: its own difference from
// the population is subtracted (difference in differences). Binary KPIs: two-proportion z test;
// real KPIs: Welch's t.
void validate(const KpiValues& kpi, const std::vector<Moments>& moments, const std::vector<Moments>& reference,
              const std::vector<Moments>& atom_alone, std::vector<Opportunity>& opportunities, std::int64_t total_users, const ValidatorOptions& options);

}  // namespace moce::experts::opportunity
