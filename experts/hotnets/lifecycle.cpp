// HotNets Expert 2: first-session and returning users against all users.
#include "experts/hotnets/lifecycle.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <span>

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
      min_sessions_(param_int("min_sessions", 5, 2, 1'000'000'000)),
      within_z_(param("within_z", 2.0, 0, 100)),
      within_scale_(param("within_scale", 1.0, 0, 1)) {}

std::string Lifecycle::applicability(const IncidentInput& input) const {
  return input.schema.has_session_index ? "" : "the corpus has no session_index column";
}

Lazy<Leads> Lifecycle::build(Workflows& wf) const {
  const bool higher_is_better = wf.spec().higher_is_better;
  const bool binary = wf.spec().kpi_kind == KpiKind::kBinary;
  std::vector<std::string> keys{kIndexColumn};
  const auto& attributes = wf.input().schema.cohort_attributes;
  keys.insert(keys.end(), attributes.begin(), attributes.end());
  return step(
      wf, "rank",
      [this, higher_is_better, binary, attributes](const Relation& groups) {
        // buckets[0] = first_session, [1] = returning; total = both; within[a][code][bucket]: the
        // same inside each value of each cohort attribute.
        WindowMoments buckets[2], total;
        const auto index = groups.column(kIndexColumn).int64s();
        const auto window = groups.column(kWindowColumn).int64s();
        std::vector<std::span<const std::int32_t>> codes;
        std::vector<std::vector<std::array<WindowMoments, 2>>> within;
        for (const auto& a : attributes) {
          codes.push_back(groups.column(a).codes());
          within.emplace_back(static_cast<std::size_t>(std::max<std::int32_t>(groups.column(a).dictionary()->size(), 0)));
        }
        for (std::size_t r = 0; r < groups.num_rows(); ++r) {
          if (index[r] < 1 || window[r] < 0 || window[r] > 1) continue;
          const Moments m = leaf_moments(groups, r);
          const std::size_t b = index[r] == 1 ? 0 : 1, w = static_cast<std::size_t>(window[r]);
          buckets[b][w].merge(m);
          total[w].merge(m);
          for (std::size_t a = 0; a < codes.size(); ++a) {
            const std::int32_t code = codes[a][r];
            if (code >= 0 && static_cast<std::size_t>(code) < within[a].size()) within[a][static_cast<std::size_t>(code)][b][w].merge(m);
          }
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
        within_value(out, within, groups, attributes, total, sign, binary);
        rank_leads(out.leads);
        return out;
      },
      wf.session_groups(keys));
}

// A lifecycle cohort of one value (HotNets'25 Example 2: returning users of one os version): the
// bucket's sessions inside the value shift against all the rest (Bonferroni over every value and
// bucket tested), the value's other bucket does not (z < within_z and at most half the change),
// and inside the value the bucket shifts against the other one (z >= within_z). The cohort
// experts name the value; this names the lifecycle stage, at the within-value contrast's
// confidence times within_scale (default 1: 1 - exp(-z / z_scale) of the contrast's z, which is
// thin evidence already, e.g. 0.5 at z = 3.5).
void Lifecycle::within_value(Leads& out, const std::vector<std::vector<std::array<WindowMoments, 2>>>& within,
                             const Relation& groups, const std::vector<std::string>& attributes,
                             const WindowMoments& total, double sign, bool binary) const {
  const double min_n = static_cast<double>(min_sessions_);
  auto testable = [&](const WindowMoments& m) { return m[0].n >= min_n && m[1].n >= min_n; };
  std::size_t tested = 0;
  for (const auto& values : within)
    for (const auto& v : values)
      for (int b = 0; b < 2; ++b) tested += testable(v[static_cast<std::size_t>(b)]) ? 1 : 0;
  const char* names[2] = {"first_session", "returning"};
  for (int b = 0; b < 2; ++b) {
    const std::string id = lead_id::lifecycle(names[b]);
    if (std::any_of(out.leads.begin(), out.leads.end(), [&](const Lead& l) { return l.id == id; })) continue;
    Lead best;
    double best_z = 0;
    for (std::size_t a = 0; a < within.size(); ++a) {
      for (std::size_t code = 0; code < within[a].size(); ++code) {
        const WindowMoments& part = within[a][code][static_cast<std::size_t>(b)];
        const WindowMoments& other = within[a][code][static_cast<std::size_t>(1 - b)];
        // The other bucket of a small value holds few sessions (first sessions are a minority):
        // two per window are enough for a contrast, whose variance floor (binary KPIs) or
        // sample variance keeps so few from looking certain.
        if (!testable(part) || other[0].n < 2 || other[1].n < 2) continue;
        const ShiftTest test = shift_test(part, total, sign, min_n, binary);
        if (!significant(test, alpha_, min_z_, tested)) continue;
        const ShiftTest other_test = shift_test(other, total, sign, 2, binary);
        if (other_test.z >= within_z_ || other_test.change - other_test.rest_change > 0.5 * (test.change - test.rest_change))
          continue;
        const ShiftTest contrast = shift_against(part, other, sign, 2, binary);
        if (!(contrast.z >= within_z_) || !(contrast.z > best_z)) continue;
        best_z = contrast.z;
        best.id = id;
        best.confidence = within_scale_ * confidence_of(contrast.z, z_scale_);
        best.evidence = {};
        best.evidence.add("z_diff_in_diff", test.z)
            .add("welch_p", test.p)
            .add("z_within_value", contrast.z)
            .add("z_other_bucket", other_test.z)
            .add("hist_mean", part[0].mean)
            .add("anomaly_mean", part[1].mean)
            .add("hist_n", part[0].n)
            .add("anomaly_n", part[1].n);
        best.evidence.note = cat("inside ", attributes[a], ":", groups.column(attributes[a]).dictionary()->value(static_cast<std::int32_t>(code)),
                                 ", this lifecycle stage shifted and the other did not");
      }
    }
    if (best_z > 0) out.leads.push_back(std::move(best));
  }
}

}  // namespace moce::experts
