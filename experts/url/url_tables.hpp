// Shared intermediates of the URL-centric experts 1-10 (Table 3, Figure 14a-c): workflow 2's
// (session, URL) rows reshaped once per incident and metric, as DAG nodes that the experts share
// (experts 3-5 share one node, 6-8 another, 1 and 2 each their matrix).
//
// The metric f(u) of a URL in a session is the per-session URL duration (workflow 2's `latency`,
// the mean over the session's timed responses of u) or failure rate (`failure_rate`, failed /
// all responses of u in the session). Both are "lower is better" whatever the KPI is.
#pragma once

#include <Eigen/Dense>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "experts/core/expert.hpp"
#include "operators/data/relation.hpp"

namespace moce::experts {

enum class UrlMetric { kDuration, kFailure };
const char* to_string(UrlMetric metric);  // "duration" | "failure_rate"
const char* column_of(UrlMetric metric);  // workflow 2's column
// The KPI kinds an expert on `metric` serves (routing, sec. 4.3). Durations explain real KPIs
// (flow durations); failure rates explain binary KPIs (flow success, conversion) and real ones
// too, since a real KPI may count errors (an error-count KPI has no kind of its own). On a real
// duration KPI the failure-rate experts usually stay quiet: their gates (R^2, significance) hold
// them back when failures do not move.
std::vector<KpiKind> url_metric_kpi_kinds(UrlMetric metric);

// Per URL, the metric's per-session samples in each window (sessions that called the URL and
// have a value for it: a duration needs a timed response). URLs in name order, samples in session
// order; the same on every rank (workflow 2 is).
struct UrlSamples {
  struct Url {
    std::string name;
    std::vector<double> window[2];  // [kHistorical], [kAnomaly]
  };
  std::vector<Url> urls;
  std::size_t bytes() const;
};

struct CollectUrlSamples {
  UrlMetric metric;
  std::string_view name() const { return "url_samples"; }
  void hash_params(Hasher& hasher) const { hasher.add(static_cast<int>(metric)); }
  UrlSamples run(const Relation& url_statistics) const;
};

// Workflow 2 pivoted to one row per session with a KPI value (NaN KPIs excluded) and one column
// per URL: x(s, u) = f(u) in session s, 0 where s did not call u or has no value for it (the URL
// contributes nothing to that session's KPI). Sessions in first-appearance (session) order, URLs
// in name order. (The operator library's Pivot is not on this branch yet; this is its job here.)
struct UrlSessionMatrix {
  std::vector<std::string> urls;
  Eigen::MatrixXd x;                 // sessions x URLs
  std::vector<double> kpi;           // per session
  std::vector<std::int64_t> window;  // per session: kHistorical or kAnomaly
  std::size_t bytes() const;
};

struct PivotUrlSessions {
  UrlMetric metric;
  std::string_view name() const { return "url_session_matrix"; }
  void hash_params(Hasher& hasher) const { hasher.add(static_cast<int>(metric)); }
  UrlSessionMatrix run(const Relation& url_statistics) const;
};

// Records the shared nodes on the incident's graph.
Lazy<UrlSamples> url_samples(Workflows& wf, UrlMetric metric);
Lazy<UrlSessionMatrix> url_session_matrix(Workflows& wf, UrlMetric metric);

// Standardised effect of a worsening from `historical` to `anomaly`: difference / sqrt of the
// mean of the two sample variances (Cohen's d with unequal sizes); +inf when both samples are
// constant and differ, 0 when nothing differs.
double standardized_effect(double difference, double var_historical, double var_anomaly);
// A confidence in [0, 1) growing with a non-negative strength: 1 - exp(-strength / scale).
double saturating_confidence(double strength, double scale);

}  // namespace moce::experts
