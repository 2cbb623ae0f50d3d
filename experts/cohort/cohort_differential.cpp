// Expert 11: difference in differences per attribute value, gated by Welch's test.
#include "experts/cohort/cohort_differential.hpp"

#include <cmath>

#include "experts/cohort/cohort_shift.hpp"

namespace moce::experts {

namespace {

const ExpertInfo kInfo{"cohort_differential",
                       "cohort",
                       {KpiKind::kReal, KpiKind::kBinary},
                       "one value of one cohort attribute (attribute:value)",
                       {Telemetry::kCohorts},
                       "Differential diagnosis (A.3) on cohort statistics"};

}  // namespace

CohortDifferential::CohortDifferential(const Config* config)
    : Expert(kInfo, config),
      alpha_(param("alpha", 0.01, 1e-12, 0.5)),
      min_z_(param("min_z", 3.0, 0, 100)),
      z_scale_(param("z_scale", 5.0, 1e-6, 1e6)),
      min_sessions_(param_int("min_sessions", 10, 2, 1'000'000'000)),
      max_leads_(param_int("max_leads", 5, 1, 1000)) {}

Lazy<Leads> CohortDifferential::build(Workflows& wf) const {
  const bool higher_is_better = wf.spec().higher_is_better;
  const bool binary = wf.spec().kpi_kind == KpiKind::kBinary;
  return step(
      wf, "rank",
      [this, higher_is_better, binary](const ValueStats& stats) {
        const double sign = kpi_sign(higher_is_better);
        const std::size_t tested = count_testable(stats, static_cast<double>(min_sessions_));
        const WindowMoments total = total_moments(stats);
        Leads out;
        for (const auto& row : stats.rows) {
          const Moments& h = row.window[0];
          const Moments& a = row.window[1];
          const ShiftTest test = shift_test(window_moments(row), total, sign, static_cast<double>(min_sessions_), binary);
          if (!significant(test, alpha_, min_z_, tested)) continue;
          const double z = test.z, p = test.p, rest_change = sign * test.rest_change;
          Lead lead;
          lead.id = lead_id::cohort(stats.attributes[static_cast<std::size_t>(row.attribute)], stats.value_name(row));
          lead.confidence = confidence_of(z, z_scale_);
          lead.evidence.add("z_diff_in_diff", z)
              .add("welch_p", p)
              .add("hist_mean", h.mean)
              .add("anomaly_mean", a.mean)
              .add("hist_n", h.n)
              .add("anomaly_n", a.n)
              .add("rest_change", rest_change);
          lead.evidence.note = "Welch t-test of the value's anomaly vs its history; z of its change against the rest's";
          out.leads.push_back(std::move(lead));
        }
        rank_leads(out.leads, static_cast<std::size_t>(max_leads_));
        return out;
      },
      wf.value_statistics());
}

}  // namespace moce::experts
