// Beyond MoCE: the pruned search of values and pairs of the cohort lattice.
#include "experts/beyond/cohort_lattice.hpp"

#include <algorithm>
#include <numeric>

#include "experts/cohort/cohort_shift.hpp"

namespace moce::experts {

namespace {

const ExpertInfo kInfo{"cohort_lattice",
                       "beyond_moce",
                       {KpiKind::kReal, KpiKind::kBinary},
                       "a value or a pair of values of two cohort attributes (a:v, a:v&b:w)",
                       {Telemetry::kCohorts},
                       "Pruned lattice search, difference-in-differences score, conditional pair test"};

// The share of the anomaly's excess (N_anomaly times the overall oriented change) that a
// cohort's own excess makes up; NaN when the KPI did not get worse overall.
double explained_share(const WindowMoments& part, const ShiftTest& test, const WindowMoments& total, double sign) {
  const double all = total[1].n * sign * (total[1].mean - total[0].mean);
  if (!(all > 0)) return std::numeric_limits<double>::quiet_NaN();
  return part[1].n * (test.change - test.rest_change) / all;
}

}  // namespace

CohortLattice::CohortLattice(const Config* config)
    : Expert(kInfo, config),
      alpha_(param("alpha", 0.01, 1e-12, 0.5)),
      min_z_(param("min_z", 3.0, 0, 100)),
      z_scale_(param("z_scale", 5.0, 1e-6, 1e6)),
      expand_z_(param("expand_z", 2.0, 0, 100)),
      cond_z_(param("cond_z", 3.0, 0, 100)),
      min_share_(param("min_share", 0.1, 0, 1)),
      beam_(param_int("beam", 16, 2, 1000)),
      min_sessions_(param_int("min_sessions", 5, 2, 1'000'000'000)),
      max_leads_(param_int("max_leads", 5, 1, 1000)),
      all_pairs_bonferroni_(param_int("all_pairs_bonferroni", 0, 0, 1) != 0) {}

Lazy<Leads> CohortLattice::build(Workflows& wf) const {
  const bool higher_is_better = wf.spec().higher_is_better;
  const bool binary = wf.spec().kpi_kind == KpiKind::kBinary;
  return step(
      wf, "search",
      [this, higher_is_better, binary](const Relation& leaves, const ValueStats& stats) {
        const double sign = kpi_sign(higher_is_better);
        const double min_n = static_cast<double>(min_sessions_);
        const WindowMoments total = total_moments(stats);
        const auto tests = value_tests(stats, sign, min_n, binary);
        const std::size_t singles_tested = count_testable(stats, min_n);

        // 2. The beam: shifted values, highest z first (ties by row order = attribute, code).
        std::vector<std::size_t> beam;
        for (std::size_t r = 0; r < stats.rows.size(); ++r)
          if (tests[r].tested && tests[r].z >= expand_z_) beam.push_back(r);
        std::stable_sort(beam.begin(), beam.end(), [&](std::size_t x, std::size_t y) { return tests[x].z > tests[y].z; });
        if (beam.size() > static_cast<std::size_t>(beam_)) beam.resize(static_cast<std::size_t>(beam_));
        std::vector<ValueRef> refs;
        for (std::size_t r : beam) refs.push_back({stats.rows[r].attribute, stats.rows[r].value});

        // Bonferroni for pairs (header): over the pairs of expanded values that are tested, or,
        // with all_pairs_bonferroni, over every pair of testable values of two attributes.
        double pairs_corrected = 0;
        if (all_pairs_bonferroni_) {
          std::vector<double> per_attribute(stats.attributes.size(), 0);
          for (const auto& row : stats.rows)
            if (row.window[0].n >= min_n && row.window[1].n >= min_n) per_attribute[static_cast<std::size_t>(row.attribute)] += 1;
          double seen = 0;
          for (double count : per_attribute) {
            pairs_corrected += seen * count;
            seen += count;
          }
        } else {
          for (std::size_t i = 0; i < refs.size(); ++i)
            for (std::size_t j = i + 1; j < refs.size(); ++j) pairs_corrected += refs[i].attribute != refs[j].attribute ? 1 : 0;
        }

        Leads out;
        std::vector<char> explained(beam.size(), 0);  // a single value a lead pair explains
        if (refs.size() >= 2) {
          const PairMoments pairs(leaves, stats.attributes, refs);
          for (std::size_t i = 0; i < refs.size(); ++i) {
            for (std::size_t j = i + 1; j < refs.size(); ++j) {
              if (refs[i].attribute == refs[j].attribute) continue;
              const WindowMoments& both = pairs.at(i, j);
              const ShiftTest test = shift_test(both, total, sign, min_n, binary);
              if (!significant(test, alpha_, min_z_, static_cast<std::size_t>(pairs_corrected))) continue;
              const double share = explained_share(both, test, total, sign);
              if (share < min_share_) continue;
              bool beats = true;
              double weakest_cond = 1e300;
              for (std::size_t part : {i, j}) {
                const WindowMoments rest = rest_of(pairs.at(part, part), both);
                const ShiftTest cond = shift_against(both, rest, sign, min_n, binary);
                const bool rest_testable = rest[0].n >= min_n && rest[1].n >= min_n;
                if (!(test.z > tests[beam[part]].z) || !rest_testable || !(cond.z >= cond_z_)) beats = false;
                weakest_cond = std::min(weakest_cond, cond.z);
              }
              if (!beats) continue;
              for (std::size_t part : {i, j}) {
                const WindowMoments rest = rest_of(pairs.at(part, part), both);
                const ShiftTest outside = shift_test(rest, rest_of(total, both), sign, min_n, binary);
                if (!(outside.z >= cond_z_)) explained[part] = 1;
              }
              Lead lead;
              const auto& a = stats.attributes;
              lead.id = lead_id::combination(
                  {{a[static_cast<std::size_t>(refs[i].attribute)], stats.value_name(stats.rows[beam[i]])},
                   {a[static_cast<std::size_t>(refs[j].attribute)], stats.value_name(stats.rows[beam[j]])}});
              lead.confidence = confidence_of(test.z, z_scale_);
              lead.evidence.add("z_diff_in_diff", test.z)
                  .add("welch_p", test.p)
                  .add("explained_share", share)
                  .add("z_part_1", tests[beam[i]].z)
                  .add("z_part_2", tests[beam[j]].z)
                  .add("z_pair_vs_part_rest", weakest_cond)
                  .add("pairs_corrected", pairs_corrected)
                  .add("hist_mean", both[0].mean)
                  .add("anomaly_mean", both[1].mean)
                  .add("hist_n", both[0].n)
                  .add("anomaly_n", both[1].n);
              lead.evidence.note = "pair beats both parts: higher z, and shifts more than each part's rest";
              out.leads.push_back(std::move(lead));
            }
          }
        }
        for (std::size_t b = 0; b < beam.size(); ++b) {
          const ShiftTest& test = tests[beam[b]];
          if (explained[b] || !significant(test, alpha_, min_z_, singles_tested)) continue;
          const auto& row = stats.rows[beam[b]];
          const double share = explained_share(window_moments(row), test, total, sign);
          if (share < min_share_) continue;
          Lead lead;
          lead.id = value_lead_id(stats, refs[b]);
          lead.confidence = confidence_of(test.z, z_scale_);
          lead.evidence.add("z_diff_in_diff", test.z)
              .add("welch_p", test.p)
              .add("explained_share", share)
              .add("hist_mean", row.window[0].mean)
              .add("anomaly_mean", row.window[1].mean)
              .add("hist_n", row.window[0].n)
              .add("anomaly_n", row.window[1].n);
          lead.evidence.note = "single value; no pair of it beats it";
          out.leads.push_back(std::move(lead));
        }
        rank_leads(out.leads, static_cast<std::size_t>(max_leads_));
        return out;
      },
      wf.cohort_statistics(), wf.value_statistics());
}

}  // namespace moce::experts
