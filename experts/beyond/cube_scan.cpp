// Beyond MoCE: the cube scan over workflow 1's leaf cohorts.
#include "experts/beyond/cube_scan.hpp"

#include <algorithm>
#include <cmath>
#include <map>

#include "experts/workflows/cohort_statistics.hpp"
#include "experts/workflows/session_tables.hpp"
#include "experts/workflows/value_statistics.hpp"
#include "operators/stats/cube_scan.hpp"

namespace moce::experts {

namespace {

const ExpertInfo kInfo{
    "cube_scan",
    "beyond_moce",
    {KpiKind::kReal, KpiKind::kBinary},
    "one element of a cuboid of up to 3 cohort attributes, or a few of one cuboid (a:v, a:v&b:w, ...)",
    {Telemetry::kCohorts},
    "Poisson scan statistic over the attribute-combination cube, forecast vs actual per leaf"};

// One leaf cohort: its moments in the historical and the anomaly window.
struct Leaf {
  std::vector<std::int32_t> codes;
  Moments window[2];
};

// The leaves in code order, so every sum of cube_scan runs in an order that does not depend on the
// relation's row order (nor, then, on the rank count).
std::vector<Leaf> leaves_of(const Relation& stats, const std::vector<std::string>& attributes) {
  std::vector<std::span<const std::int32_t>> codes;
  for (const auto& a : attributes) codes.push_back(stats.column(a).codes());
  const auto window = stats.column(kWindowColumn).int64s();
  std::map<std::vector<std::int32_t>, Leaf> by_codes;
  std::vector<std::int32_t> key(attributes.size());
  for (std::size_t r = 0; r < stats.num_rows(); ++r) {
    if (window[r] != 0 && window[r] != 1) continue;
    for (std::size_t a = 0; a < attributes.size(); ++a) key[a] = codes[a][r];
    Leaf& leaf = by_codes[key];
    leaf.codes = key;
    leaf.window[window[r]] = leaf_moments(stats, r);
  }
  std::vector<Leaf> leaves;
  leaves.reserve(by_codes.size());
  for (auto& [codes_of, leaf] : by_codes) leaves.push_back(std::move(leaf));
  return leaves;
}

}  // namespace

CubeScanExpert::CubeScanExpert(const Config* config)
    : Expert(kInfo, config),
      rest_ratio_(param("rest_ratio", 0.05, 0, 100)),
      rest_min_llr_(param("rest_min_llr", 10, 0, 1e12)),
      extra_share_(param("extra_share", 0.5, 0, 1)),
      prior_(param("prior", 1.0, 0, 1e9)),
      alpha_(param("alpha", 0.01, 1e-12, 1)),
      min_confidence_(param("min_confidence", 0.5, 0, 1)),
      max_attributes_(param_int("max_attributes", 3, 1, 6)),
      max_elements_(param_int("max_elements", 3, 1, 100)) {}

std::string CubeScanExpert::applicability(const IncidentInput& input) const {
  return input.schema.has_sessions ? "the incident has raw sessions (the cube scan is for aggregate-only incidents)"
                                   : "";
}

Lazy<Leads> CubeScanExpert::build(Workflows& wf) const {
  const bool higher_is_better = wf.spec().higher_is_better;
  const bool binary = wf.spec().kpi_kind == KpiKind::kBinary;
  const auto attributes = wf.input().schema.cohort_attributes;
  return step(
      wf, "scan",
      [this, higher_is_better, binary, attributes](const Relation& stats) {
        Leads out;
        const auto leaves = leaves_of(stats, attributes);
        // The measure per leaf and window: failures of a binary KPI, else the KPI's sum.
        auto measure = [&](const Moments& m) { return binary && higher_is_better ? m.n - m.sum() : m.sum(); };
        double hist_measure = 0, hist_n = 0;
        for (const auto& leaf : leaves) hist_measure += measure(leaf.window[0]), hist_n += leaf.window[0].n;
        if (!(hist_n > 0)) return out;
        const double base_rate = binary ? (hist_measure + 0.5) / (hist_n + 1) : hist_measure / hist_n;
        std::vector<double> forecast, actual;
        for (const auto& leaf : leaves) {
          const Moments& h = leaf.window[0];
          const double rate =
              binary ? (measure(h) + prior_ * base_rate) / (h.n + prior_) : (h.n > 0 ? measure(h) / h.n : base_rate);
          forecast.push_back(rate * leaf.window[1].n);
          actual.push_back(measure(leaf.window[1]));
        }
        const double worse = binary || !higher_is_better ? 1.0 : -1.0;  // the direction of "worse"
        double total_forecast = 0, total_actual = 0;
        for (std::size_t i = 0; i < leaves.size(); ++i) total_forecast += forecast[i], total_actual += actual[i];
        if (!(worse * (total_actual - total_forecast) > 0)) return out;

        std::vector<std::vector<std::int32_t>> columns(attributes.size(), std::vector<std::int32_t>(leaves.size()));
        for (std::size_t i = 0; i < leaves.size(); ++i)
          for (std::size_t a = 0; a < attributes.size(); ++a) columns[a][i] = leaves[i].codes[a];
        std::vector<std::span<const std::int32_t>> codes(columns.begin(), columns.end());
        CubeScanOptions options;
        options.max_attributes = static_cast<int>(max_attributes_);
        options.rest_ratio = rest_ratio_;
        options.rest_min_llr = binary ? rest_min_llr_ : 0;
        options.extra_share = extra_share_;
        options.max_elements = static_cast<int>(max_elements_);
        const auto result = cube_scan(codes, forecast, actual, worse, options);
        if (result.answer.empty()) return out;
        // A count's 2 LLR is chi-square(1) under "nothing moved": P = erfc(sqrt(LLR)).
        const double p = std::erfc(std::sqrt(result.answer.front().llr));
        if (binary && !(p * static_cast<double>(result.searched) < alpha_)) return out;
        for (const auto& e : result.answer) {
          std::vector<std::pair<std::string, std::string>> parts;
          for (const auto& [a, code] : e.values)
            parts.emplace_back(attributes[static_cast<std::size_t>(a)],
                               stats.column(attributes[static_cast<std::size_t>(a)]).dictionary()->value(code));
          Lead lead;
          lead.id = parts.size() == 1 ? lead_id::cohort(parts[0].first, parts[0].second) : lead_id::combination(parts);
          const double ep = (e.actual - e.forecast) / (total_actual - total_forecast);
          lead.confidence = std::clamp(ep, min_confidence_, 1.0);
          lead.evidence.add("llr", e.llr)
              .add("explanatory_power", ep)
              .add("actual", e.actual)
              .add("forecast", e.forecast)
              .add("attributes", static_cast<double>(e.values.size()))
              .add("elements_searched", static_cast<double>(result.searched));
          lead.evidence.note = "cube scan: highest Poisson LLR element, parent taken when its rest moved too";
          out.leads.push_back(std::move(lead));
        }
        return out;
      },
      wf.cohort_statistics());
}

}  // namespace moce::experts
