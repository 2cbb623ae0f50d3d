// Beyond MoCE: the cube scan (operators/stats/cube_scan.hpp) as an expert, for incidents whose
// only telemetry is cohort aggregates (`moce import rs|cube`): the multi-dimensional RCA setting,
// where a cause is an element of any cuboid (a value, a pair or a triple of attribute values) or a
// few elements of one cuboid, and an answer is scored as a set (every extra lead is a false
// positive). Input: workflow 1's leaf cohorts.
//
// Per leaf, the measure is the bad outcomes of a binary KPI (failures), or the KPI's sum for a
// real KPI. Its forecast for the anomaly window is the leaf's historical mean times the leaf's
// anomaly count: a leaf whose traffic grew is not a cause. A binary leaf's historical failure
// rate is shrunk toward the incident's with `prior` sessions, so a leaf with three historical
// sessions does not forecast zero failures. No per-leaf variance is used: a leaf may be a single
// observation (the cube layout's real/predict), and the answer comes from forecast against actual.
//
// Leads: the answer set only, best first; confidence = the element's explanatory power
// (A_e - F_e) / (A - F) over all leaves (Adtributor's EP), clamped to [min_confidence, 1] so that
// a second cause of one cuboid is still answered. No lead when the incident's total did not move
// in the worse direction, or (binary KPIs, whose measure is a count) when the best element's
// 2 LLR is under the chi-square 1-dof critical value at alpha Bonferroni-corrected over every
// element searched.
// Parameters (operators/stats/cube_scan.hpp) were chosen on the even-indexed RS incidents only
// (results/reference/rs/README.md); rest_min_llr applies to binary KPIs (counts) alone, since a
// real KPI's LLR has the KPI's units.
// Routed only to aggregate-only incidents: on raw sessions the variance-based cohort experts
// apply.
#pragma once

#include "experts/core/expert.hpp"

namespace moce::experts {

class CubeScanExpert : public Expert {
 public:
  explicit CubeScanExpert(const Config* config);
  std::string applicability(const IncidentInput& input) const override;
  Lazy<Leads> build(Workflows& wf) const override;

 private:
  double rest_ratio_, rest_min_llr_, extra_share_, prior_, alpha_, min_confidence_;
  std::int64_t max_attributes_, max_elements_;
};

}  // namespace moce::experts
