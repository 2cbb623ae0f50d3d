// Expert 12: decision-tree MLE over single entities, gated by the shift test.
#include "experts/cohort/cohort_mle.hpp"

#include <algorithm>
#include <cmath>
#include <map>

#include "experts/cohort/cohort_shift.hpp"
#include "experts/workflows/cohort_statistics.hpp"
#include "experts/workflows/session_tables.hpp"
#include "operators/stats/single_entity_mle.hpp"

namespace moce::experts {

namespace {

const ExpertInfo kInfo{"cohort_mle",
                       "mle",
                       {KpiKind::kReal, KpiKind::kBinary},
                       "one value of one cohort attribute (attribute:value)",
                       {Telemetry::kCohorts},
                       "Single entity MLE (A.2) on cohort statistics"};

// One window of workflow 1 as weighted tree rows. Binary KPIs: value = the bad-outcome share.
TreeData window_rows(const Relation& leaves, const std::vector<std::string>& attributes, std::int64_t which,
                     bool binary, bool higher_is_better) {
  const auto window = leaves.column(kWindowColumn).int64s();
  const auto n = leaves.column(kCount).int64s();
  const auto mean = leaves.column(kMean).reals();
  const auto var = leaves.column(kVariance).reals();
  std::vector<std::size_t> rows;
  for (std::size_t r = 0; r < leaves.num_rows(); ++r)
    if (window[r] == which && n[r] > 0) rows.push_back(r);
  std::vector<double> values, weights, squared;
  for (std::size_t r : rows) {
    weights.push_back(static_cast<double>(n[r]));
    values.push_back(binary && higher_is_better ? 1 - mean[r] : mean[r]);
    squared.push_back(n[r] > 1 && var[r] == var[r] ? var[r] * static_cast<double>(n[r] - 1) : 0.0);
  }
  TreeData data;
  for (const auto& attribute : attributes) {
    const auto codes = leaves.column(attribute).codes();
    std::vector<std::int32_t> picked;
    picked.reserve(rows.size());
    for (std::size_t r : rows) picked.push_back(codes[r]);
    data.attributes.emplace_back(std::move(picked));
  }
  data.values = std::move(values);
  data.weights = std::move(weights);
  if (!binary) data.squared_deviations = std::move(squared);
  return data;
}

}  // namespace

CohortMle::CohortMle(const Config* config)
    : Expert(kInfo, config),
      max_depth_(param_int("max_depth", 2, 0, 16)),
      min_leaf_(param("min_leaf", 5, 0, 1e9)),
      sigma_shift_(param("sigma_shift", 3.0, 0, 100)),
      alpha_(param("alpha", 0.01, 1e-12, 0.5)),
      min_z_(param("min_z", 3.0, 0, 100)),
      z_scale_(param("z_scale", 5.0, 1e-6, 1e6)),
      min_sessions_(param_int("min_sessions", 5, 2, 1'000'000'000)),
      max_leads_(param_int("max_leads", 5, 1, 1000)) {}

Lazy<Leads> CohortMle::build(Workflows& wf) const {
  const bool higher_is_better = wf.spec().higher_is_better;
  const bool binary = wf.spec().kpi_kind == KpiKind::kBinary;
  return step(
      wf, "mle",
      [this, higher_is_better, binary](const Relation& leaves, const ValueStats& stats) {
        Leads out;
        const TreeData history = window_rows(leaves, stats.attributes, kHistorical, binary, higher_is_better);
        const TreeData anomaly = window_rows(leaves, stats.attributes, kAnomaly, binary, higher_is_better);
        if (history.num_rows() == 0 || anomaly.num_rows() == 0) return out;
        DecisionTreeRegressor::Params tree_params;
        tree_params.family = binary ? LeafFamily::kBinomial : LeafFamily::kNormal;
        tree_params.max_depth = static_cast<int>(max_depth_);
        tree_params.min_samples_leaf = min_leaf_;
        const DecisionTree tree = DecisionTreeRegressor(tree_params).run(history);
        SingleEntityMle::Params mle_params;
        // Worse is a higher bad-outcome share, a higher real KPI when lower is better.
        mle_params.direction = !binary && higher_is_better ? SingleEntityMle::Direction::kDecrease
                                                           : SingleEntityMle::Direction::kIncrease;
        mle_params.sigma_shift = sigma_shift_;
        mle_params.min_support = min_leaf_;
        const auto entities = SingleEntityMle(mle_params).run(tree, anomaly);

        // The shift test of each entity, from the value roll-up.
        std::map<std::pair<int, std::int32_t>, std::size_t> row_of;
        for (std::size_t r = 0; r < stats.rows.size(); ++r) row_of[{stats.rows[r].attribute, stats.rows[r].value}] = r;
        const double sign = kpi_sign(higher_is_better);
        const double min_n = static_cast<double>(min_sessions_);
        const std::size_t tested = count_testable(stats, min_n);
        const WindowMoments total = total_moments(stats);
        struct Passed {
          const EntityLikelihood* entity;
          std::size_t row;
          ShiftTest test;
        };
        std::vector<Passed> passed;
        for (const auto& entity : entities) {
          const auto it = row_of.find({entity.attribute, entity.value});
          if (it == row_of.end()) continue;
          const ShiftTest test = shift_test(window_moments(stats.rows[it->second]), total, sign, min_n, binary);
          if (significant(test, alpha_, min_z_, tested)) passed.push_back({&entity, it->second, test});
        }
        if (passed.empty()) return out;
        double best = -1e300;
        for (const auto& p : passed) best = std::max(best, p.entity->log_likelihood_ratio);
        double norm = 0;
        for (const auto& p : passed) norm += std::exp(p.entity->log_likelihood_ratio - best);
        for (const auto& p : passed) {
          const auto& row = stats.rows[p.row];
          const double posterior = std::exp(p.entity->log_likelihood_ratio - best) / norm;
          Lead lead;
          lead.id = value_lead_id(stats, {row.attribute, row.value});
          lead.confidence = confidence_of(p.test.z, z_scale_) * posterior;
          lead.evidence.add("log_likelihood_ratio", p.entity->log_likelihood_ratio)
              .add("posterior", posterior)
              .add("anomaly_weight", p.entity->weight)
              .add("z_diff_in_diff", p.test.z)
              .add("welch_p", p.test.p)
              .add("hist_mean", row.window[0].mean)
              .add("anomaly_mean", row.window[1].mean)
              .add("tree_nodes", static_cast<double>(tree.nodes().size()));
          lead.evidence.note = binary ? "decision-tree MLE, Binomial on the bad-outcome share; shift-test gate"
                                      : "decision-tree MLE, Normal; shift-test gate";
          out.leads.push_back(std::move(lead));
        }
        rank_leads(out.leads, static_cast<std::size_t>(max_leads_));
        return out;
      },
      wf.cohort_statistics(), wf.value_statistics());
}

}  // namespace moce::experts
