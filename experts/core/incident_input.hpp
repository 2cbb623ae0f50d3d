// What an expert may know about one incident: the analyst's alert (IncidentSpec), the corpus'
// schema (its cohort attributes, KPIs and telemetry sources, read from the corpus, never assumed),
// and the group of ranks that share the incident's sessions.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "operators/io/corpus_reader.hpp"
#include "operators/io/incident_index.hpp"
#include "runtime/comm/context.hpp"
#include "runtime/dag/hash.hpp"

namespace moce::experts {

// The telemetry sources an expert can need; the router skips an expert whose input is missing.
// kCohorts is the leaf-cohort statistics (workflow 1), which either raw sessions or the
// cohort-aggregate table provide; kSessions means the raw sessions themselves.
enum class Telemetry { kSessions, kEvents, kLogs, kCohorts };
const char* to_string(Telemetry telemetry);

struct Schema {
  std::vector<std::string> cohort_attributes;  // categorical session columns, in corpus order
  std::vector<std::string> kpis;
  std::int64_t sessions = 0;
  bool has_sessions = false;
  bool has_aggregates = false;  // cohort-aggregate telemetry (operators/io/aggregate_table.hpp)
  std::int64_t aggregate_rows = 0;
  bool has_events = false;
  bool has_logs = false;
  bool has_session_index = false;  // a user lifecycle column (1 = first session), in sessions or aggregates
  bool has(Telemetry telemetry) const;
};

struct IncidentInput {
  std::shared_ptr<const CorpusReader> corpus;
  IncidentSpec spec;
  Schema schema;
  const Context* group = nullptr;  // sessions are sharded over its ranks

  // Identifies the incident's data (corpus file and incident id): every workflow node's key
  // starts from it, so two incidents never share a node.
  Key key() const;
};

// Reads the schema of `spec`'s incident from its sessions table or, lacking one, from its
// cohort-aggregate table. Throws CorpusError naming the group when the incident has neither or
// the KPI is not one of its KPI columns.
IncidentInput open_incident(std::shared_ptr<const CorpusReader> corpus, IncidentSpec spec, const Context& group);

// What the commands check before running experts on an incident (reads its session start times):
// it has sessions, every start is a finite time, and both the historical and the anomaly window
// hold at least one session. Throws CorpusError naming the incident, the window and the times.
void check_incident_data(const IncidentInput& input);

}  // namespace moce::experts
