// The incident's telemetry as DAG nodes: each rank's shard of the sessions and of their events,
// the alert's sessions (in the alert cohort, in the historical or anomaly window, with a KPI
// value), and the server log. Every node is keyed by the incident alone, so all ranks of a group
// build the same nodes; what a node holds is the rank's shard.
#pragma once

#include <cstdint>
#include <string_view>

#include "experts/core/incident_input.hpp"
#include "operators/data/relation.hpp"
#include "operators/data/sequence.hpp"

namespace moce::experts {

// Column names the workflows add.
inline constexpr const char* kRowColumn = "row";        // int64: the session's row in the incident
inline constexpr const char* kWindowColumn = "window";  // int64: 0 historical, 1 anomaly, -1 neither
inline constexpr std::int64_t kHistorical = 0;
inline constexpr std::int64_t kAnomaly = 1;

// This rank's block of the sessions table (block_share over the group), with `row` and `window`
// (by the session's start time) added.
struct LoadSessions {
  const IncidentInput* input;
  std::string_view name() const { return "load_sessions"; }
  void hash_params(Hasher& hasher) const { hasher.add(input->key()); }
  Relation run() const;
};

// The events of this rank's sessions: part i belongs to row i of LoadSessions.
struct LoadEvents {
  const IncidentInput* input;
  std::string_view name() const { return "load_events"; }
  void hash_params(Hasher& hasher) const { hasher.add(input->key()); }
  Sequence run() const;
};

// The sessions the alert is about: in the alert cohort, in either window, with a KPI value.
struct AlertSessions {
  const IncidentInput* input;
  std::string_view name() const { return "alert_sessions"; }
  void hash_params(Hasher& hasher) const { hasher.add(input->key()); }
  Relation run(const Relation& sessions) const;
};

// The whole server log of the incident, on every rank (it is small).
struct LoadLogs {
  const IncidentInput* input;
  std::string_view name() const { return "load_logs"; }
  void hash_params(Hasher& hasher) const { hasher.add(input->key()); }
  Relation run() const;
};

// Whether a KPI value is a bad outcome: binary KPIs by their value, real KPIs against `threshold`
// (the historical p90 when lower is better, p10 when higher is).
bool is_bad_outcome(const IncidentSpec& spec, double value, double threshold);

}  // namespace moce::experts
