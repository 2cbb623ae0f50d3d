// Workflow 1 (sec. 5.1): cohort statistics by leaf cohort, per window. One row per (leaf cohort,
// window) of the alert's sessions with `n` (sessions with a KPI value), `sum`, `mean` and `var`
// (sample variance) of the KPI; for a binary KPI `sum` counts the sessions with value 1, so the
// failures are `n - sum` when higher is better, `sum` otherwise. Sessions are sharded over the
// group and combined by the distributed group-by, so the table is the same on every rank and at
// every rank count.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "experts/core/incident_input.hpp"
#include "operators/data/relation.hpp"

namespace moce::experts {

// Output column names.
inline constexpr const char* kCount = "n";
inline constexpr const char* kSum = "sum";
inline constexpr const char* kMean = "mean";
inline constexpr const char* kVariance = "var";

// The KPI of the alert's sessions grouped by `keys` (session columns) and the window. With the
// cohort attributes as keys this is workflow 1; other experts group by other session columns
// (the user lifecycle, one attribute).
struct SessionGroups {
  const IncidentInput* input;
  std::vector<std::string> keys;
  std::string_view name() const { return "session_groups"; }
  void hash_params(Hasher& hasher) const {
    hasher.add(input->key());
    hasher.add(keys);
  }
  bool collective() const { return true; }
  Relation run(const Relation& alert_sessions) const;
};

// The same relation as SessionGroups, from the incident's cohort-aggregate table
// (operators/io/aggregate_table.hpp) instead of sessions: each rank reads its block of the
// table's rows, keeps the buckets in the alert cohort and in a window, and the distributed
// group-by adds up count, sum and sum of squares per (keys, window); n, sum, mean and var follow
// from them. So cohort experts consume one relation whichever telemetry the incident has. A
// bucket is in a window when its start time is.
struct AggregateGroups {
  const IncidentInput* input;
  std::vector<std::string> keys;
  std::string_view name() const { return "aggregate_groups"; }
  void hash_params(Hasher& hasher) const {
    hasher.add(input->key());
    hasher.add(keys);
  }
  bool collective() const { return true; }
  Relation run() const;
};

// Per window, the KPI's quantiles q (exact, numpy's linear rule) over the alert's sessions:
// columns `window` and `q<100q>`.
struct KpiQuantiles {
  const IncidentInput* input;
  std::vector<double> qs;
  std::string_view name() const { return "kpi_quantiles"; }
  void hash_params(Hasher& hasher) const {
    hasher.add(input->key());
    hasher.add(qs);
  }
  bool collective() const { return true; }
  Relation run(const Relation& alert_sessions) const;
};

// The value of `column` in the row of `table` whose `window` is `window` (NaN if none).
double window_value(const Relation& table, std::int64_t window, const std::string& column);

}  // namespace moce::experts
