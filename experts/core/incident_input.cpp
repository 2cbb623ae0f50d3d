// Reading an incident's schema from the corpus.
#include "experts/core/incident_input.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>

#include "operators/io/aggregate_table.hpp"
#include "operators/io/corpus_format.hpp"
#include "runtime/error.hpp"

namespace moce::experts {

const char* to_string(Telemetry telemetry) {
  switch (telemetry) {
    case Telemetry::kSessions: return "sessions";
    case Telemetry::kEvents: return "events";
    case Telemetry::kLogs: return "logs";
    case Telemetry::kCohorts: return "cohort statistics (sessions or aggregates)";
  }
  return "?";
}

bool Schema::has(Telemetry telemetry) const {
  switch (telemetry) {
    case Telemetry::kSessions: return has_sessions;
    case Telemetry::kEvents: return has_events;
    case Telemetry::kLogs: return has_logs;
    case Telemetry::kCohorts: return has_sessions || has_aggregates;
  }
  return false;
}

Key IncidentInput::key() const {
  Hasher hasher;
  hasher.add_string(corpus->path());
  hasher.add_string(spec.id);
  return hasher.key();
}

namespace {

std::vector<std::string> split_names(const std::string& text) {
  std::vector<std::string> out;
  std::stringstream in(text);
  std::string item;
  while (std::getline(in, item, ','))
    if (!item.empty()) out.push_back(item);
  return out;
}

}  // namespace

IncidentInput open_incident(std::shared_ptr<const CorpusReader> corpus, IncidentSpec spec, const Context& group) {
  IncidentInput input;
  const std::string sessions = corpus::sessions_group(spec.id);
  const std::string aggregates = corpus::aggregates_group(spec.id);
  input.schema.has_sessions = corpus->is_group(sessions);
  input.schema.has_aggregates = corpus->is_group(aggregates);
  // The schema comes from the sessions when there are some, else from the aggregates.
  const std::string& table = input.schema.has_sessions ? sessions : aggregates;
  const std::string where = cat("corpus '", corpus->path(), "', ", table);
  if (!input.schema.has_sessions && !input.schema.has_aggregates)
    throw CorpusError(cat("corpus '", corpus->path(), "', ", corpus::incident_group(spec.id), ": incident '", spec.id,
                          "' has no sessions table and no aggregates table"));
  input.schema.cohort_attributes = split_names(corpus->string_attribute(table, kCohortAttributesAttribute));
  input.schema.kpis = split_names(corpus->string_attribute(table, kKpisAttribute));
  if (std::find(input.schema.kpis.begin(), input.schema.kpis.end(), spec.kpi) == input.schema.kpis.end())
    throw CorpusError(cat(where, ": the incident's KPI '", spec.kpi, "' is not among its KPI columns (",
                          corpus->string_attribute(table, kKpisAttribute), ")"));
  // The sessions carry one column per KPI; an aggregate table's sums are of its one KPI.
  if (input.schema.has_sessions && !corpus->exists(sessions + "/" + spec.kpi))
    throw CorpusError(cat(where, ": the incident's KPI column '", spec.kpi, "' is missing"));
  if (input.schema.has_sessions) input.schema.sessions = corpus->num_rows(sessions);
  if (input.schema.has_aggregates) input.schema.aggregate_rows = corpus->num_rows(aggregates);
  input.schema.has_events = corpus->is_group(corpus::events_group(spec.id)) &&
                            corpus->num_rows(corpus::events_group(spec.id)) > 0;
  input.schema.has_logs = corpus->is_group(corpus::logs_group(spec.id)) &&
                          corpus->num_rows(corpus::logs_group(spec.id)) > 0;
  input.schema.has_session_index = corpus->exists(table + "/session_index");
  input.corpus = std::move(corpus);
  input.spec = std::move(spec);
  input.group = &group;
  return input;
}

void check_incident_data(const IncidentInput& input) {
  const auto& spec = input.spec;
  // Sessions are checked by their start times; an aggregate-only incident by its buckets' starts.
  const bool sessions = input.schema.has_sessions;
  const std::string table = sessions ? corpus::sessions_group(spec.id) : corpus::aggregates_group(spec.id);
  const std::string column = table + (sessions ? "/start" : std::string("/") + aggregates::kBucket);
  const std::int64_t rows = sessions ? input.schema.sessions : input.schema.aggregate_rows;
  const char* what = sessions ? "session starts" : "aggregate buckets";
  const std::string where = cat("corpus '", input.corpus->path(), "', incident '", spec.id, "'");
  if (rows == 0) throw CorpusError(cat(where, ": no ", sessions ? "sessions" : "aggregate rows", " (", table,
                                       " has 0 rows)"));
  const auto start = input.corpus->read_reals(column, {0, rows});
  std::int64_t historical = 0, anomaly = 0;
  double first = INFINITY, last = -INFINITY;
  for (std::size_t i = 0; i < start.size(); ++i) {
    const double t = start[i];
    if (!std::isfinite(t)) throw CorpusError(cat(where, ", ", column, " row ", i, ": ", t, " is not a finite time"));
    first = std::min(first, t);
    last = std::max(last, t);
    historical += t >= spec.historical.start && t < spec.historical.end;
    anomaly += t >= spec.anomaly.start && t < spec.anomaly.end;
  }
  auto empty = [&](const char* name, const TimeWindow& w) {
    return CorpusError(cat(where, ": no ", what, " in its ", name, " window [", std::to_string(w.start), ", ",
                           std::to_string(w.end), "); its ", start.size(), " rows start between ",
                           std::to_string(first), " and ", std::to_string(last)));
  };
  if (historical == 0) throw empty("historical", spec.historical);
  if (anomaly == 0) throw empty("anomaly", spec.anomaly);
}

}  // namespace moce::experts
