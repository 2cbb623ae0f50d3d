// Expert 11: difference in differences per attribute value, gated by Welch's test.
#include "experts/cohort/cohort_differential.hpp"

#include <cmath>

#include "operators/stats/welch_t_test.hpp"

namespace moce::experts {

namespace {

const ExpertInfo kInfo{"cohort_differential",
                       "cohort",
                       {KpiKind::kReal, KpiKind::kBinary},
                       "one value of one cohort attribute (attribute:value)",
                       {Telemetry::kSessions},
                       "Differential diagnosis (A.3) on cohort statistics"};

SampleSummary summary(const Moments& m) { return {m.n, m.mean, m.variance()}; }

Moments rest_of(const Moments& total, const Moments& part) {
  // The complement's moments, inverting Chan's update.
  Moments rest;
  rest.n = total.n - part.n;
  if (rest.n <= 0) return {};
  rest.mean = (total.n * total.mean - part.n * part.mean) / rest.n;
  const double delta = part.mean - rest.mean;
  rest.m2 = std::max(0.0, total.m2 - part.m2 - delta * delta * part.n * rest.n / total.n);
  return rest;
}

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
  return step(
      wf, "rank",
      [this, higher_is_better](const ValueStats& stats) {
        const double sign = higher_is_better ? -1.0 : 1.0;  // positive = worse
        std::size_t tested = 0;
        for (const auto& row : stats.rows)
          if (row.window[0].n >= min_sessions_ && row.window[1].n >= min_sessions_) ++tested;
        Leads out;
        for (const auto& row : stats.rows) {
          const Moments& h = row.window[0];
          const Moments& a = row.window[1];
          if (h.n < min_sessions_ || a.n < min_sessions_) continue;
          const Moments rh = rest_of(stats.total[0], h), ra = rest_of(stats.total[1], a);
          const double change = a.mean - h.mean;
          const double rest_change = (rh.n > 1 && ra.n > 1) ? ra.mean - rh.mean : 0.0;
          double se2 = a.variance() / a.n + h.variance() / h.n;
          if (rh.n > 1 && ra.n > 1) se2 += ra.variance() / ra.n + rh.variance() / rh.n;
          if (!(se2 > 0)) continue;
          const double z = sign * (change - rest_change) / std::sqrt(se2);
          const auto welch = WelchTTest().run(summary(a), summary(h));
          const double p = higher_is_better ? welch.p_less : welch.p_greater;
          if (!(z >= min_z_) || !(p * static_cast<double>(tested) < alpha_)) continue;
          Lead lead;
          lead.id = lead_id::cohort(stats.attributes[static_cast<std::size_t>(row.attribute)], stats.value_name(row));
          lead.confidence = 1 - std::exp(-z / z_scale_);
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
