// HotNets Expert 2: first-session and returning users against all users.
#include "experts/hotnets/lifecycle.hpp"

#include <cmath>

#include "experts/cohort/cohort_shift.hpp"
#include "experts/workflows/cohort_statistics.hpp"
#include "experts/workflows/session_tables.hpp"

namespace moce::experts {

namespace {

const ExpertInfo kInfo{"lifecycle",
                       "hotnets",
                       {KpiKind::kReal, KpiKind::kBinary},
                       "user lifecycle cohort (lifecycle:first_session | lifecycle:returning)",
                       {Telemetry::kCohorts},
                       "HotNets'25 Expert 2: outlier or > 25% gap to all users"};

constexpr const char* kIndexColumn = "session_index";

// The KPI level a relative gap is taken on: a binary KPI's bad-outcome rate (the paper's error
// rates), a real KPI's mean.
double level(const Moments& m, bool binary, bool higher_is_better) {
  if (!binary) return m.mean;
  return higher_is_better ? 1 - m.mean : m.mean;
}

}  // namespace

Lifecycle::Lifecycle(const Config* config)
    : Expert(kInfo, config),
      gap_(param("gap", 0.25, 0, 100)),
      outlier_t_(param("outlier_t", 5.0, 0, 1000)),
      alpha_(param("alpha", 0.01, 1e-12, 0.5)),
      min_z_(param("min_z", 3.0, 0, 100)),
      z_scale_(param("z_scale", 5.0, 1e-6, 1e6)),
      min_sessions_(param_int("min_sessions", 5, 2, 1'000'000'000)) {}

std::string Lifecycle::applicability(const IncidentInput& input) const {
  return input.schema.has_session_index ? "" : "the corpus has no session_index column";
}

Lazy<Leads> Lifecycle::build(Workflows& wf) const {
  const bool higher_is_better = wf.spec().higher_is_better;
  const bool binary = wf.spec().kpi_kind == KpiKind::kBinary;
  return step(
      wf, "rank",
      [this, higher_is_better, binary](const Relation& groups) {
        // buckets[0] = first_session, [1] = returning; total = both.
        WindowMoments buckets[2], total;
        const auto index = groups.column(kIndexColumn).int64s();
        const auto window = groups.column(kWindowColumn).int64s();
        for (std::size_t r = 0; r < groups.num_rows(); ++r) {
          if (index[r] < 1 || window[r] < 0 || window[r] > 1) continue;
          const Moments m = leaf_moments(groups, r);
          buckets[index[r] == 1 ? 0 : 1][static_cast<std::size_t>(window[r])].merge(m);
          total[static_cast<std::size_t>(window[r])].merge(m);
        }
        Leads out;
        const double sign = kpi_sign(higher_is_better);
        const double level_sign = binary ? 1.0 : sign;  // the bad-outcome rate: higher is worse
        const char* names[2] = {"first_session", "returning"};
        for (int b = 0; b < 2; ++b) {
          const ShiftTest test = shift_against(buckets[b], buckets[1 - b], sign, static_cast<double>(min_sessions_), binary);
          if (!significant(test, alpha_, min_z_, 2)) continue;
          double gaps[2];
          for (int w = 0; w < 2; ++w) {
            const double all = level(total[w], binary, higher_is_better);
            const double mine = level(buckets[b][w], binary, higher_is_better);
            gaps[w] = all != 0 ? level_sign * (mine - all) / std::abs(all) : 0.0;
          }
          const double growth = gaps[1] - gaps[0];
          const bool outlier = test.t >= outlier_t_;
          if (!outlier && !(growth > gap_)) continue;
          Lead lead;
          lead.id = lead_id::lifecycle(names[b]);
          lead.confidence = confidence_of(test.z, z_scale_);
          lead.evidence.add("z_diff_in_diff", test.z)
              .add("welch_t", test.t)
              .add("welch_p", test.p)
              .add("gap_hist", gaps[0])
              .add("gap_anomaly", gaps[1])
              .add("gap_growth", growth)
              .add("hist_mean", buckets[b][0].mean)
              .add("anomaly_mean", buckets[b][1].mean)
              .add("hist_n", buckets[b][0].n)
              .add("anomaly_n", buckets[b][1].n);
          lead.evidence.note = outlier ? "outlier: the cohort's anomaly KPI far from its history"
                                       : "gap to all users grew by more than the threshold";
          out.leads.push_back(std::move(lead));
        }
        rank_leads(out.leads);
        return out;
      },
      wf.session_groups({kIndexColumn}));
}

}  // namespace moce::experts
