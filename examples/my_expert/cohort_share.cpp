// cohort_share: an example out-of-tree expert. Hypothesis space: one value of one cohort
// attribute (isp:ISP-7), like the built-in cohort experts, scored the Adtributor way (explanatory
// power) but without any test: the share of the alert's worsening that the value's own sessions
// account for,
//   share_v = na_v * (a_v - h_v) / (na * (a - h)),
// where a and h are the KPI means in the anomaly and historical windows (of the value, or of all
// the alert's sessions), na the anomaly-window session counts, and the differences are oriented
// so that positive means "worse". Leads: values with at least min_sessions sessions in each
// window and share >= min_share, confidence min(share, 1), at most max_leads.
#include <algorithm>

#include "experts/core/expert.hpp"
#include "experts/core/plugin.hpp"

namespace {

using namespace moce;
using namespace moce::experts;

const ExpertInfo kInfo{"cohort_share",
                       "plugin",
                       {KpiKind::kReal, KpiKind::kBinary},
                       "one value of one cohort attribute (attribute:value)",
                       {Telemetry::kSessions},
                       "Share of the alert's worsening explained by the value (examples/my_expert)"};

class CohortShare : public Expert {
 public:
  explicit CohortShare(const Config* config)
      : Expert(kInfo, config),
        min_share_(param("min_share", 0.2, 0, 1)),
        min_sessions_(param_int("min_sessions", 10, 1, 1'000'000'000)),
        max_leads_(param_int("max_leads", 3, 1, 1000)) {}

  Lazy<Leads> build(Workflows& wf) const override {
    const double sign = wf.spec().higher_is_better ? -1.0 : 1.0;
    return step(
        wf, "share",
        [this, sign](const ValueStats& stats) {
          const Moments& h = stats.total[0];
          const Moments& a = stats.total[1];
          const double alert_change = sign * (a.mean - h.mean);
          Leads out;
          if (!(alert_change > 0) || a.n <= 0) return out;  // nothing got worse: nothing to explain
          for (const auto& row : stats.rows) {
            const Moments& hv = row.window[0];
            const Moments& av = row.window[1];
            if (hv.n < static_cast<double>(min_sessions_) || av.n < static_cast<double>(min_sessions_)) continue;
            const double share = av.n * sign * (av.mean - hv.mean) / (a.n * alert_change);
            if (share < min_share_) continue;
            Lead lead;
            lead.id = lead_id::cohort(stats.attributes[static_cast<std::size_t>(row.attribute)], stats.value_name(row));
            lead.confidence = std::min(share, 1.0);
            lead.evidence.add("share", share)
                .add("hist_mean", hv.mean)
                .add("anomaly_mean", av.mean)
                .add("anomaly_n", av.n)
                .add("alert_change", alert_change)
                .add("alert_anomaly_n", a.n);
            lead.evidence.note = "share of the alert's worsening in the value's own sessions";
            out.leads.push_back(std::move(lead));
          }
          rank_leads(out.leads, static_cast<std::size_t>(max_leads_));
          return out;
        },
        wf.value_statistics());
  }

 private:
  double min_share_;
  std::int64_t min_sessions_, max_leads_;
};

}  // namespace

MOCE_PLUGIN(registry) { registry.add<CohortShare>("cohort_share"); }
