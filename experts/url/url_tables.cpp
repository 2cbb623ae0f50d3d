// The URL experts' shared intermediates: per-URL samples and the session x URL matrix.
#include "experts/url/url_tables.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <unordered_map>

#include "experts/workflows/session_tables.hpp"
#include "experts/workflows/url_statistics.hpp"

namespace moce::experts {

const char* to_string(UrlMetric metric) { return metric == UrlMetric::kDuration ? "duration" : "failure_rate"; }

const char* column_of(UrlMetric metric) { return metric == UrlMetric::kDuration ? kLatency : kFailureRate; }

std::vector<KpiKind> url_metric_kpi_kinds(UrlMetric metric) {
  if (metric == UrlMetric::kDuration) return {KpiKind::kReal};
  return {KpiKind::kReal, KpiKind::kBinary};
}

namespace {

// The URL codes present in `codes`, ordered by URL name (codes are corpus-wide, but names are
// what the leads carry, so name order is the order a reader expects and a renamed world keeps).
std::vector<std::int32_t> urls_by_name(std::span<const std::int32_t> codes, const Dictionary& dictionary) {
  std::vector<std::int32_t> present;
  std::vector<char> seen(static_cast<std::size_t>(dictionary.size()), 0);
  for (std::int32_t c : codes)
    if (c >= 0 && !seen[static_cast<std::size_t>(c)]) {
      seen[static_cast<std::size_t>(c)] = 1;
      present.push_back(c);
    }
  std::sort(present.begin(), present.end(),
            [&](std::int32_t a, std::int32_t b) { return dictionary.value(a) < dictionary.value(b); });
  return present;
}

// Position of each code in `order` (-1 if absent).
std::vector<int> positions(const std::vector<std::int32_t>& order, std::int32_t dictionary_size) {
  std::vector<int> at(static_cast<std::size_t>(dictionary_size), -1);
  for (std::size_t i = 0; i < order.size(); ++i) at[static_cast<std::size_t>(order[i])] = static_cast<int>(i);
  return at;
}

bool in_window(std::int64_t w) { return w == kHistorical || w == kAnomaly; }

}  // namespace

std::size_t UrlSamples::bytes() const {
  std::size_t total = sizeof(UrlSamples);
  for (const auto& u : urls)
    total += sizeof(Url) + u.name.size() + (u.window[0].size() + u.window[1].size()) * sizeof(double);
  return total;
}

UrlSamples CollectUrlSamples::run(const Relation& stats) const {
  UrlSamples out;
  if (stats.num_rows() == 0) return out;
  const Column& url_column = stats.column(kUrlColumn);
  const auto codes = url_column.codes();
  const auto window = stats.column(kWindowColumn).int64s();
  const auto value = stats.column(column_of(metric)).reals();
  const Dictionary& dictionary = *url_column.dictionary();
  const auto order = urls_by_name(codes, dictionary);
  const auto at = positions(order, dictionary.size());
  out.urls.resize(order.size());
  for (std::size_t i = 0; i < order.size(); ++i) out.urls[i].name = dictionary.value(order[i]);
  for (std::size_t r = 0; r < codes.size(); ++r) {
    if (codes[r] < 0 || !in_window(window[r]) || std::isnan(value[r])) continue;
    out.urls[static_cast<std::size_t>(at[static_cast<std::size_t>(codes[r])])]
        .window[static_cast<std::size_t>(window[r])]
        .push_back(value[r]);
  }
  return out;
}

std::size_t UrlSessionMatrix::bytes() const {
  std::size_t total = sizeof(UrlSessionMatrix) + static_cast<std::size_t>(x.size()) * sizeof(double) +
                      kpi.size() * sizeof(double) + window.size() * sizeof(std::int64_t);
  for (const auto& u : urls) total += sizeof(std::string) + u.size();
  return total;
}

UrlSessionMatrix PivotUrlSessions::run(const Relation& stats) const {
  UrlSessionMatrix out;
  if (stats.num_rows() == 0) return out;
  const Column& url_column = stats.column(kUrlColumn);
  const auto codes = url_column.codes();
  const auto session = stats.column(kRowColumn).int64s();
  const auto window = stats.column(kWindowColumn).int64s();
  const auto kpi = stats.column(kKpiColumn).reals();
  const auto value = stats.column(column_of(metric)).reals();
  const Dictionary& dictionary = *url_column.dictionary();
  const auto order = urls_by_name(codes, dictionary);
  const auto at = positions(order, dictionary.size());
  for (std::int32_t c : order) out.urls.push_back(dictionary.value(c));

  // Rows of one session are adjacent in workflow 2, but a map does not rely on it.
  std::unordered_map<std::int64_t, std::size_t> index;
  std::vector<std::size_t> row_of(codes.size(), std::numeric_limits<std::size_t>::max());
  for (std::size_t r = 0; r < codes.size(); ++r) {
    if (codes[r] < 0 || !in_window(window[r]) || std::isnan(kpi[r])) continue;
    auto [it, added] = index.emplace(session[r], out.kpi.size());
    if (added) {
      out.kpi.push_back(kpi[r]);
      out.window.push_back(window[r]);
    }
    row_of[r] = it->second;
  }
  out.x = Eigen::MatrixXd::Zero(static_cast<Eigen::Index>(out.kpi.size()), static_cast<Eigen::Index>(order.size()));
  for (std::size_t r = 0; r < codes.size(); ++r) {
    if (row_of[r] == std::numeric_limits<std::size_t>::max() || std::isnan(value[r])) continue;
    out.x(static_cast<Eigen::Index>(row_of[r]), at[static_cast<std::size_t>(codes[r])]) = value[r];
  }
  return out;
}

Lazy<UrlSamples> url_samples(Workflows& wf, UrlMetric metric) {
  return wf.graph().call(CollectUrlSamples{metric}, wf.url_statistics());
}

Lazy<UrlSessionMatrix> url_session_matrix(Workflows& wf, UrlMetric metric) {
  return wf.graph().call(PivotUrlSessions{metric}, wf.url_statistics());
}

double standardized_effect(double difference, double var_historical, double var_anomaly) {
  const double scale = std::sqrt(0.5 * (std::max(0.0, var_historical) + std::max(0.0, var_anomaly)));
  if (scale > 0) return difference / scale;
  if (difference == 0) return 0;
  return difference > 0 ? std::numeric_limits<double>::infinity() : -std::numeric_limits<double>::infinity();
}

double saturating_confidence(double strength, double scale) {
  if (!(strength > 0)) return 0;
  return 1 - std::exp(-strength / scale);
}

}  // namespace moce::experts
