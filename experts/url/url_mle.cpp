// Experts 9-10: decision tree on historical (cohort + URL) leaf rows, single-entity MLE on the
// anomaly's.
#include "experts/url/url_mle.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "experts/cohort/cohort_shift.hpp"
#include "experts/workflows/session_tables.hpp"
#include "experts/workflows/url_statistics.hpp"
#include "operators/relational/group_by.hpp"
#include "runtime/error.hpp"

namespace moce::experts {

namespace {

constexpr const char* kWeight = "weight";
constexpr const char* kValue = "value";
constexpr const char* kVar = "var";

ExpertInfo info_for(UrlMetric metric) {
  const bool duration = metric == UrlMetric::kDuration;
  return {duration ? "url_mle_duration" : "url_mle_failures",
          "mle",
          url_metric_kpi_kinds(metric),
          "one network request URL (url:<url>) or one value of one cohort attribute (attribute:value)",
          {Telemetry::kSessions, Telemetry::kEvents},
          duration ? "Single-entity MLE (A.2) on (cohort + URL) per-session URL duration, Normal leaves"
                   : "Single-entity MLE (A.2) on (cohort + URL) URL failure rate, Binomial leaves"};
}

std::vector<std::string> with_url(std::vector<std::string> attributes) {
  attributes.emplace_back(kUrlColumn);
  return attributes;
}

double log_sum_exp_with_zero(const std::vector<EntityLikelihood>& scores) {
  double top = 0;  // the null hypothesis' term, exp(0)
  for (const auto& s : scores) top = std::max(top, s.log_likelihood_ratio);
  double sum = std::exp(-top);
  for (const auto& s : scores) sum += std::exp(s.log_likelihood_ratio - top);
  return top + std::log(sum);
}

// Weighted mean of `value` over the rows whose column `attribute` has `code`.
double mean_where(const Relation& rows, const std::string& attribute, std::int32_t code) {
  const auto codes = rows.column(attribute).codes();
  const auto weight = rows.column(kWeight).reals();
  const auto value = rows.column(kValue).reals();
  double w = 0, wv = 0;
  for (std::size_t r = 0; r < codes.size(); ++r)
    if (codes[r] == code) {
      w += weight[r];
      wv += weight[r] * value[r];
    }
  return w > 0 ? wv / w : std::numeric_limits<double>::quiet_NaN();
}

}  // namespace

Relation UrlLeafRows::run(const Relation& stats) const {
  const std::vector<std::string> keys = with_url(attributes);
  // The rows of this window with a value of the metric.
  const auto window_of = stats.column(kWindowColumn).int64s();
  const auto value = stats.column(column_of(metric)).reals();
  std::vector<std::int64_t> keep;
  for (std::size_t r = 0; r < window_of.size(); ++r)
    if (window_of[r] == window && !std::isnan(value[r])) keep.push_back(static_cast<std::int64_t>(r));
  const char* metric_column = column_of(metric);
  std::vector<std::string> columns = keys;
  columns.emplace_back(metric_column);
  const Relation rows = stats.project(columns).gather(keep);
  const Relation g =
      GroupBy(keys, {Aggregate::count(), Aggregate::mean(metric_column), Aggregate::variance(metric_column)}).run(rows);
  Relation out;
  for (const auto& k : keys) out.add(k, g.column(k));
  std::vector<double> weight;
  for (std::int64_t n : g.column("count").int64s()) weight.push_back(static_cast<double>(n));
  out.add(kWeight, Column::real(std::move(weight)))
      .add(kValue, g.column(Aggregate::mean(metric_column).output_name()))
      .add(kVar, g.column(Aggregate::variance(metric_column).output_name()));
  return out;
}

std::vector<EntityLikelihood> ScoreUrlEntities::run(const Relation& historical, const Relation& anomaly) const {
  if (historical.num_rows() == 0 || anomaly.num_rows() == 0) return {};
  const bool normal = family == LeafFamily::kNormal;
  const TreeData fit_rows = tree_data(historical, attributes, kValue, kWeight, normal ? kVar : "");
  const TreeData scored = tree_data(anomaly, attributes, kValue, kWeight, normal ? kVar : "");
  DecisionTreeRegressor::Params params = tree;
  params.family = family;
  const DecisionTree fitted = DecisionTreeRegressor(params).run(fit_rows);
  return SingleEntityMle(mle).run(fitted, scored);
}

UrlMle::UrlMle(UrlMetric metric, const Config* config)
    : Expert(info_for(metric), config),
      metric_(metric),
      alpha_(param("alpha", 0.01, 1e-12, 0.5)),
      min_samples_(param_int("min_samples", 10, 1, 1'000'000'000)),
      min_posterior_(param("min_posterior", 0.01, 0, 1)),
      min_change_(param("min_change", metric == UrlMetric::kDuration ? 0.25 : 0.05, 0, 1e9)),
      max_leads_(param_int("max_leads", 5, 1, 1000)),
      kpi_z_(param("kpi_z", 2.33, -1e9, 100)),
      kpi_min_sessions_(param_int("kpi_min_sessions", 5, 2, 1'000'000'000)) {
  tree_.family = metric == UrlMetric::kDuration ? LeafFamily::kNormal : LeafFamily::kBinomial;
  tree_.max_depth = static_cast<int>(param_int("max_depth", 2, 0, 10));
  tree_.min_samples_leaf = param("min_samples_leaf", 5, 0, 1e9);
  mle_.direction = SingleEntityMle::Direction::kIncrease;
  mle_.sigma_shift = param("sigma_shift", 3, 0, 100);
  mle_.min_support = param("min_support", 5, 0, 1e9);
  mle_.probability_floor = param("probability_floor", 1e-3, 1e-300, 0.499);
}

Lazy<Leads> UrlMle::build(Workflows& wf) const {
  const auto& attributes = wf.input().schema.cohort_attributes;
  auto historical = wf.graph().call(UrlLeafRows{metric_, attributes, kHistorical}, wf.url_statistics());
  auto anomaly = wf.graph().call(UrlLeafRows{metric_, attributes, kAnomaly}, wf.url_statistics());
  auto scores = wf.graph().call(ScoreUrlEntities{tree_.family, tree_, mle_, with_url(attributes)}, historical, anomaly);
  return step(
      wf, "rank",
      [this, names = with_url(attributes), spec = wf.spec()](const std::vector<EntityLikelihood>& s, const Relation& h,
                                                             const Relation& a, const ValueStats& values) {
        return rank(s, h, a, names, values, spec);
      },
      scores, historical, anomaly, wf.value_statistics());
}

Leads UrlMle::rank(const std::vector<EntityLikelihood>& scores, const Relation& historical, const Relation& anomaly,
                   const std::vector<std::string>& attributes, const ValueStats& values, const IncidentSpec& spec) const {
  Leads out;
  if (scores.empty()) return out;
  const WindowMoments total = total_moments(values);
  // The KPI's shift in a cohort value (header); NaN when workflow 1 has no such value.
  auto kpi_shift = [&](const std::string& attribute, const std::string& value) {
    for (const auto& row : values.rows)
      if (values.attributes[static_cast<std::size_t>(row.attribute)] == attribute && values.value_name(row) == value) {
        const ShiftTest test = shift_test(window_moments(row), total, kpi_sign(spec.higher_is_better),
                                          static_cast<double>(kpi_min_sessions_), spec.kpi_kind == KpiKind::kBinary);
        return test.tested ? test.z : std::numeric_limits<double>::quiet_NaN();
      }
    return std::numeric_limits<double>::quiet_NaN();
  };
  const double threshold = std::log(static_cast<double>(scores.size()) / alpha_);
  const double normaliser = log_sum_exp_with_zero(scores);
  for (const auto& s : scores) {
    if (!(s.log_likelihood_ratio >= threshold) || s.weight < static_cast<double>(min_samples_)) continue;
    // An entity that holds the MLE's rows gains from them too; it is a lead only if it is itself
    // a credible explanation.
    if (!(std::exp(s.log_likelihood_ratio - normaliser) >= min_posterior_)) continue;
    const std::string& attribute = attributes[static_cast<std::size_t>(s.attribute)];
    const std::string& value = anomaly.column(attribute).dictionary()->value(s.value);
    // A credible but small change (a cohort's slow drift over the hours) is not an incident: the
    // entity's metric must rise by min_change (relative for durations, absolute for failure rates).
    const double hist_mean = mean_where(historical, attribute, s.value);
    const double anomaly_mean = mean_where(anomaly, attribute, s.value);
    const double change = metric_ == UrlMetric::kDuration ? anomaly_mean / hist_mean - 1 : anomaly_mean - hist_mean;
    if (!(change >= min_change_)) continue;
    const bool is_url = attribute == kUrlColumn;
    const double kpi_z = is_url ? std::numeric_limits<double>::quiet_NaN() : kpi_shift(attribute, value);
    if (!is_url && !(kpi_z >= kpi_z_)) continue;
    Lead lead;
    lead.id = is_url ? lead_id::url(value) : lead_id::cohort(attribute, value);
    lead.confidence = std::exp(s.log_likelihood_ratio - normaliser);
    lead.evidence.add("log_likelihood_ratio", s.log_likelihood_ratio)
        .add("threshold", threshold)
        .add("candidates", static_cast<double>(scores.size()))
        .add("anomaly_samples", s.weight)
        .add("hist_mean", hist_mean)
        .add("anomaly_mean", anomaly_mean);
    if (!is_url) lead.evidence.add("kpi_z_diff_in_diff", kpi_z);
    lead.evidence.note =
        cat("decision tree (", to_string(metric_), ") fitted on the historical (cohort + URL) leaf rows; ",
            "LLR of the entity failing vs nothing failing on the anomaly rows");
    out.leads.push_back(std::move(lead));
  }
  // By the ratio itself: the posteriors of all but the first may round to 0 and tie.
  std::sort(out.leads.begin(), out.leads.end(), [](const Lead& x, const Lead& y) {
    const double lx = x.evidence.get("log_likelihood_ratio"), ly = y.evidence.get("log_likelihood_ratio");
    return lx != ly ? lx > ly : x.id < y.id;
  });
  if (out.leads.size() > static_cast<std::size_t>(max_leads_)) out.leads.resize(static_cast<std::size_t>(max_leads_));
  return out;
}

}  // namespace moce::experts
