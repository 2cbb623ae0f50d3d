// Reading an incident's schema from the corpus.
#include "experts/core/incident_input.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>

#include "operators/io/corpus_format.hpp"
#include "runtime/error.hpp"

namespace moce::experts {

const char* to_string(Telemetry telemetry) {
  switch (telemetry) {
    case Telemetry::kSessions: return "sessions";
    case Telemetry::kEvents: return "events";
    case Telemetry::kLogs: return "logs";
  }
  return "?";
}

bool Schema::has(Telemetry telemetry) const {
  switch (telemetry) {
    case Telemetry::kSessions: return true;
    case Telemetry::kEvents: return has_events;
    case Telemetry::kLogs: return has_logs;
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
  const std::string where = cat("corpus '", corpus->path(), "', ", sessions);
  if (!corpus->is_group(sessions)) throw CorpusError(cat(where, ": incident '", spec.id, "' has no sessions table"));
  input.schema.cohort_attributes = split_names(corpus->string_attribute(sessions, kCohortAttributesAttribute));
  input.schema.kpis = split_names(corpus->string_attribute(sessions, kKpisAttribute));
  if (std::find(input.schema.kpis.begin(), input.schema.kpis.end(), spec.kpi) == input.schema.kpis.end())
    throw CorpusError(cat(where, ": the incident's KPI '", spec.kpi, "' is not among its KPI columns (",
                          corpus->string_attribute(sessions, kKpisAttribute), ")"));
  if (!corpus->exists(sessions + "/" + spec.kpi))
    throw CorpusError(cat(where, ": the incident's KPI column '", spec.kpi, "' is missing"));
  input.schema.sessions = corpus->num_rows(sessions);
  input.schema.has_events = corpus->is_group(corpus::events_group(spec.id)) &&
                            corpus->num_rows(corpus::events_group(spec.id)) > 0;
  input.schema.has_logs = corpus->is_group(corpus::logs_group(spec.id)) &&
                          corpus->num_rows(corpus::logs_group(spec.id)) > 0;
  input.schema.has_session_index = corpus->exists(sessions + "/session_index");
  input.corpus = std::move(corpus);
  input.spec = std::move(spec);
  input.group = &group;
  return input;
}

void check_incident_data(const IncidentInput& input) {
  const auto& spec = input.spec;
  const std::string sessions = corpus::sessions_group(spec.id);
  const std::string where = cat("corpus '", input.corpus->path(), "', incident '", spec.id, "'");
  if (input.schema.sessions == 0) throw CorpusError(cat(where, ": no sessions (", sessions, " has 0 rows)"));
  const auto start = input.corpus->read_reals(sessions + "/start", {0, input.schema.sessions});
  std::int64_t historical = 0, anomaly = 0;
  double first = INFINITY, last = -INFINITY;
  for (std::size_t i = 0; i < start.size(); ++i) {
    const double t = start[i];
    if (!std::isfinite(t))
      throw CorpusError(cat(where, ", ", sessions, "/start row ", i, ": ", t, " is not a finite time"));
    first = std::min(first, t);
    last = std::max(last, t);
    historical += t >= spec.historical.start && t < spec.historical.end;
    anomaly += t >= spec.anomaly.start && t < spec.anomaly.end;
  }
  auto empty = [&](const char* name, const TimeWindow& w) {
    return CorpusError(cat(where, ": no session starts in its ", name, " window [", std::to_string(w.start), ", ",
                           std::to_string(w.end), "); its ", start.size(), " sessions start between ",
                           std::to_string(first), " and ", std::to_string(last)));
  };
  if (historical == 0) throw empty("historical", spec.historical);
  if (anomaly == 0) throw empty("anomaly", spec.anomaly);
}

}  // namespace moce::experts
