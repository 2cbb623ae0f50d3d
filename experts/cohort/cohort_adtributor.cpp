// Expert 13: Adtributor's explanatory sets, gated by the shift test.
#include "experts/cohort/cohort_adtributor.hpp"

#include <algorithm>

#include "experts/cohort/cohort_shift.hpp"
#include "operators/stats/adtributor.hpp"

namespace moce::experts {

namespace {

const ExpertInfo kInfo{"adtributor",
                       "adtributor",
                       {KpiKind::kReal, KpiKind::kBinary},
                       "one value of one cohort attribute (attribute:value)",
                       {Telemetry::kCohorts},
                       "Adtributor (ALGORITHMS.md 1) on cohort statistics"};

// Bad outcomes among a window's sessions of a binary KPI (sum counts the 1s).
double bad_outcomes(const Moments& m, bool higher_is_better) { return higher_is_better ? m.n - m.sum() : m.sum(); }

}  // namespace

CohortAdtributor::CohortAdtributor(const Config* config)
    : Expert(kInfo, config),
      teep_(param("teep", 0.1, 0, 1)),
      tep_(param("tep", 0.67, 0, 10)),
      k_(param_int("k", 3, 1, 1000)),
      alpha_(param("alpha", 0.01, 1e-12, 0.5)),
      min_z_(param("min_z", 3.0, 0, 100)),
      z_scale_(param("z_scale", 5.0, 1e-6, 1e6)),
      min_sessions_(param_int("min_sessions", 5, 2, 1'000'000'000)),
      max_leads_(param_int("max_leads", 5, 1, 1000)) {}

Lazy<Leads> CohortAdtributor::build(Workflows& wf) const {
  const bool higher_is_better = wf.spec().higher_is_better;
  const bool binary = wf.spec().kpi_kind == KpiKind::kBinary;
  return step(
      wf, "rank",
      [this, higher_is_better, binary](const ValueStats& stats) {
        Leads out;
        const double nh = stats.total[0].n, na = stats.total[1].n;
        if (nh <= 0 || na <= 0) return out;
        const double scale = na / nh;  // the anomaly window's traffic against history's
        AdtributorCube cube;
        std::vector<std::vector<std::size_t>> rows_of(stats.attributes.size());  // element -> stats row
        for (std::size_t r = 0; r < stats.rows.size(); ++r) rows_of[static_cast<std::size_t>(stats.rows[r].attribute)].push_back(r);
        for (std::size_t a = 0; a < stats.attributes.size(); ++a) {
          AdtributorCube::Dimension d;
          d.attribute = static_cast<int>(a);
          for (std::size_t r : rows_of[a]) {
            const auto& row = stats.rows[r];
            d.values.push_back(row.value);
            if (binary) {
              d.forecast.push_back(bad_outcomes(row.window[0], higher_is_better) * scale);
              d.actual.push_back(bad_outcomes(row.window[1], higher_is_better));
              d.forecast_b.push_back(row.window[0].n * scale);
              d.actual_b.push_back(row.window[1].n);
            } else {
              d.forecast.push_back(row.window[0].sum() * scale);
              d.actual.push_back(row.window[1].sum());
            }
          }
          if (!d.values.empty()) cube.dimensions.push_back(std::move(d));
        }
        const Adtributor adtributor({teep_, tep_, static_cast<int>(k_)});
        const auto sets = adtributor.run(cube);
        const double sign = kpi_sign(higher_is_better);
        const std::size_t tested = count_testable(stats, static_cast<double>(min_sessions_));
        const WindowMoments total = total_moments(stats);
        for (std::size_t s = 0; s < sets.size(); ++s) {
          for (const auto& element : sets[s].elements) {
            const auto& rows = rows_of[static_cast<std::size_t>(element.attribute)];
            const auto it = std::find_if(rows.begin(), rows.end(), [&](std::size_t r) { return stats.rows[r].value == element.value; });
            if (it == rows.end()) continue;
            const auto& row = stats.rows[*it];
            const ShiftTest test = shift_test(window_moments(row), total, sign, static_cast<double>(min_sessions_), binary);
            if (!significant(test, alpha_, min_z_, tested)) continue;
            Lead lead;
            lead.id = value_lead_id(stats, {row.attribute, row.value});
            lead.confidence = std::clamp(element.explanatory_power, 0.0, 1.0) * confidence_of(test.z, z_scale_);
            lead.evidence.add("explanatory_power", element.explanatory_power)
                .add("surprise", element.surprise)
                .add("set_rank", static_cast<double>(s + 1))
                .add("set_surprise", sets[s].surprise)
                .add("z_diff_in_diff", test.z)
                .add("welch_p", test.p)
                .add("hist_mean", row.window[0].mean)
                .add("anomaly_mean", row.window[1].mean)
                .add("hist_n", row.window[0].n)
                .add("anomaly_n", row.window[1].n);
            lead.evidence.note = binary ? "Adtributor, derived measure bad outcomes / sessions; shift-test gate"
                                        : "Adtributor, additive measure KPI sum; shift-test gate";
            out.leads.push_back(std::move(lead));
          }
        }
        rank_leads(out.leads, static_cast<std::size_t>(max_leads_));
        return out;
      },
      wf.value_statistics());
}

}  // namespace moce::experts
