// Shift tests shared by the cohort experts (differential diagnosis, Adtributor, the lattice,
// explaining away, the lifecycle expert): "did the KPI of this set of sessions get worse between
// the historical and the anomaly window, beyond what the rest of the sessions did?", from the
// per-window moments of workflow 1, so every test is a pure function of the shared workflows.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "experts/core/lead.hpp"
#include "experts/workflows/value_statistics.hpp"
#include "operators/data/relation.hpp"

namespace moce::experts {

using WindowMoments = std::array<Moments, 2>;  // historical, anomaly

// The moments of `total` minus `part` (Chan's update inverted; m2 clamped at 0 against rounding).
Moments rest_of(const Moments& total, const Moments& part);
WindowMoments rest_of(const WindowMoments& total, const WindowMoments& part);

struct ShiftTest {
  bool tested = false;     // both windows of the part had enough sessions
  double z = 0;            // difference in differences against the reference, positive = worse
  double p = 1;            // one-sided Welch p of the part's anomaly against its history (worse)
  double t = 0;            // that Welch t, oriented (positive = worse)
  double change = 0;       // the part's anomaly mean - historical mean, oriented (positive = worse)
  double rest_change = 0;  // the same for the reference (0 when it is too small)
};

// `sign` is +1 when higher KPI values are worse, -1 otherwise (KpiSign below).
//   z = sign [(a_p - h_p) - (a_r - h_r)] / sqrt(s2a_p/na_p + s2h_p/nh_p + s2a_r/na_r + s2h_r/nh_r)
// The reference's terms are left out when it has fewer than 2 sessions in a window.
// `binary`: the KPI is 0/1, and each sample's variance is at least p~(1 - p~) with the Jeffreys
// estimate p~ = (k + 1/2) / (n + 1): five sessions that all fail have no sample variance, and a
// Welch test would call them a certainty.
ShiftTest shift_against(const WindowMoments& part, const WindowMoments& reference, double sign, double min_sessions,
                        bool binary = false);
// The part against the rest of `total` (Expert 11's test); untested when the rest has fewer
// than min_sessions in a window.
ShiftTest shift_test(const WindowMoments& part, const WindowMoments& total, double sign, double min_sessions,
                     bool binary = false);

// Bonferroni gate over `tested` hypotheses: z >= min_z and p * tested < alpha.
bool significant(const ShiftTest& test, double alpha, double min_z, std::size_t tested);

inline double kpi_sign(bool higher_is_better) { return higher_is_better ? -1.0 : 1.0; }

// 1 - exp(-z / scale): a confidence in [0, 1) that grows with the evidence (z = scale gives 0.63).
double confidence_of(double z, double scale);

WindowMoments window_moments(const ValueStats::Row& row);
WindowMoments total_moments(const ValueStats& stats);
// The values with at least `min_sessions` sessions in both windows: the hypotheses a Bonferroni
// correction over single values counts.
std::size_t count_testable(const ValueStats& stats, double min_sessions);

// shift_test of every row of `stats` against the rest, in row order.
std::vector<ShiftTest> value_tests(const ValueStats& stats, double sign, double min_sessions, bool binary = false);

// Value candidates (attribute index, value code of workflow 1's dictionaries).
struct ValueRef {
  int attribute = 0;
  std::int32_t value = 0;
  bool operator==(const ValueRef&) const = default;
};

// Per-window moments of the pairwise intersections of `values`, rolled up from workflow 1's leaf
// cohorts: at(i, j) = sessions in values[i] and values[j] (at(i, i) = values[i] alone). Values of
// the same attribute never intersect. One pass over the leaves, O(leaves * k^2) at worst with
// k = values a leaf holds (at most one per attribute).
class PairMoments {
 public:
  PairMoments(const Relation& cohort_statistics, const std::vector<std::string>& attributes,
              const std::vector<ValueRef>& values);
  const WindowMoments& at(std::size_t i, std::size_t j) const { return cells_[i * k_ + j]; }

 private:
  std::size_t k_;
  std::vector<WindowMoments> cells_;
};

// The canonical lead id of a value.
std::string value_lead_id(const ValueStats& stats, const ValueRef& ref);

}  // namespace moce::experts
