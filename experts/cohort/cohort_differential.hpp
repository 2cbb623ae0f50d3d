// Expert 11 (Table 3, Figure 14d): differential diagnosis on cohort statistics. Hypothesis space:
// one value of one cohort attribute (isp:ISP-7). Input: workflow 1 rolled up per value.
#pragma once

#include "experts/core/expert.hpp"

namespace moce::experts {

// For each value v with enough sessions in both windows, the change of the KPI inside v
// (anomaly mean - historical mean) is compared with the change in the rest of the alert's
// sessions (difference in differences), oriented so that positive means "worse":
//   z = [(a_v - h_v) - (a_r - h_r)] / sqrt(s2a_v/na_v + s2h_v/nh_v + s2a_r/na_r + s2h_r/nh_r).
// A Welch t-test (A.3) of v's anomaly against its history must also reject "no worsening" at
// alpha, Bonferroni-corrected over the values tested. Leads: values with z >= min_z that pass,
// confidence 1 - exp(-z / z_scale) (a z of z_scale gives 0.63), at most max_leads.
class CohortDifferential : public Expert {
 public:
  explicit CohortDifferential(const Config* config);
  Lazy<Leads> build(Workflows& wf) const override;

 private:
  double alpha_, min_z_, z_scale_;
  std::int64_t min_sessions_, max_leads_;
};

}  // namespace moce::experts
