// Time series for the server-log expert: per time bin (`bin` seconds, a minute by default) since
// the historical window's start, the
// alert's sessions and how many had a bad outcome (a DAG node, combined over the group with the
// distributed group-by, so it is the same at any rank count), and per error template the count
// of its error-level log lines.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "experts/core/incident_input.hpp"
#include "operators/data/relation.hpp"

namespace moce::experts {

// Columns: minute (int64: the bin from the historical start), count (sessions), sum_bad (bad outcomes).
struct KpiMinutes {
  const IncidentInput* input;
  double bin = 60;
  std::string_view name() const { return "kpi_minutes"; }
  void hash_params(Hasher& hasher) const {
    hasher.add(input->key());
    hasher.add(bin);
  }
  bool collective() const { return true; }
  // `quantiles`: KpiQuantiles (the bad-outcome threshold of real KPIs).
  Relation run(const Relation& alert_sessions, const Relation& quantiles) const;
};

namespace log_series {

// Minutes covered by the incident's windows, and the first anomaly minute.
std::int64_t minutes(const IncidentSpec& spec, double bin);
std::int64_t first_anomaly_minute(const IncidentSpec& spec, double bin);

// The bad-outcome rate per minute (NaN where no session started) from KpiMinutes.
std::vector<double> bad_rate(const Relation& kpi_minutes, std::int64_t minutes);

struct TemplateSeries {
  std::string text;
  std::vector<double> counts;  // per minute
};

// Per template with at least one line at an error level (`levels`, matched case-insensitively
// against the log's level dictionary), its error-level line count per minute; templates in
// dictionary order.
std::vector<TemplateSeries> error_series(const Relation& logs, const IncidentSpec& spec,
                                         const std::vector<std::string>& levels, double bin);

// Pearson correlation of x and y over the indices where y is a number (NaN with < 3 or no spread),
// and the number of points used.
double correlation(const std::vector<double>& x, const std::vector<double>& y, std::size_t* points);

// x and y with each window's mean (over the minutes where y is a number) subtracted: what is
// left is the minute-to-minute variation inside the windows, not the step between them.
void demean_windows(std::vector<double>& x, std::vector<double>& y, std::size_t split);

}  // namespace log_series

}  // namespace moce::experts
