// The importer: incidents and sessions in memory, events through bucketed run files, logs in
// memory per incident, then one incident at a time into the corpus writer.
#include "operators/io/telemetry_csv/telemetry_import.hpp"

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <numeric>

#include "operators/io/corpus_format.hpp"
#include "operators/io/incident_index.hpp"
#include "operators/io/telemetry_csv/event_spill.hpp"
#include "operators/io/telemetry_csv/incident_table.hpp"
#include "operators/io/telemetry_csv/intern_cache.hpp"
#include "operators/io/telemetry_csv/session_table.hpp"
#include "operators/io/telemetry_csv/telemetry_tables.hpp"
#include "runtime/error.hpp"
#include "runtime/version.hpp"

namespace moce {

namespace {

namespace fs = std::filesystem;
using telemetry::DictionarySet;
using telemetry::EventSpill;
using telemetry::IncidentTable;
using telemetry::SessionTable;
using telemetry::SpilledEvent;

std::string required_file(const std::string& dir, const char* name) {
  const auto path = (fs::path(dir) / name).string();
  if (!fs::is_regular_file(path)) throw InputError(cat(path, ": required file is missing"));
  return path;
}

std::string join(const std::vector<std::string>& names) {
  std::string out;
  for (auto& n : names) {
    if (!out.empty()) out += ',';
    out += n;
  }
  return out;
}

double finite_time(const CsvReader& csv, std::size_t column) {
  const double t = csv.real(column);
  if (!std::isfinite(t)) csv.fail(column, cat("'", csv.text(column), "' is not a finite time"));
  return t;
}

// Pass 1 over events.csv: resolve each row's incident and session, code its strings, spill it.
void spill_events(const std::string& path, const IncidentTable& incidents, const SessionTable& sessions,
                  DictionarySet& dicts, EventSpill& spill, const ImportOptions& options, ImportSummary& summary) {
  CsvReader csv(path, options.block_bytes);
  const auto incident_col = csv.require_column("incident_id"), session_col = csv.require_column("session_id"),
             ts_col = csv.require_column("ts"), event_col = csv.require_column("event"),
             url_col = csv.require_column("url"), latency_col = csv.require_column("latency_ms"),
             status_col = csv.require_column("status");
  telemetry::InternCache event(*dicts.get("event")), url(*dicts.get("url"));
  const auto& status = *dicts.get("status");
  // Rows usually come grouped by incident and by session: skip the lookups then.
  std::string last_id, last_session;
  std::int32_t incident = -1;
  std::int64_t session = -1;
  while (csv.next()) {
    const auto id = csv.text(incident_col);
    if (incident < 0 || id != last_id) {
      auto found = incidents.find(id);
      if (!found) csv.fail(incident_col, cat("unknown incident '", id, "' (not in incidents.csv)"));
      incident = *found;
      last_id.assign(id);
      session = -1;
    }
    if (session < 0 || csv.text(session_col) != last_session) {
      const auto row = sessions.find(static_cast<std::size_t>(incident), csv.text(session_col));
      if (!row)
        csv.fail(session_col, cat("unknown session '", csv.text(session_col), "' of incident '", id,
                                  "' (not in sessions.csv)"));
      session = *row;
      last_session.assign(csv.text(session_col));
    }
    SpilledEvent e;
    e.incident = incident;
    e.session = session;
    e.ts = finite_time(csv, ts_col);
    e.event = event.code(csv.text(event_col));
    e.url = url.code(csv.text(url_col));
    e.latency_ms = csv.real_or_missing(latency_col);
    const auto status_text = csv.text(status_col);
    e.status = status_text.empty() ? kMissingCode : status.find(status_text);
    if (!status_text.empty() && e.status == kMissingCode) {
      std::string allowed;
      for (auto& v : status.values()) {
        if (!allowed.empty()) allowed += ", ";
        allowed += v;
      }
      csv.fail(status_col, cat("'", status_text, "' is not a status; expected one of ", allowed));
    }
    spill.add(e);
  }
  spill.finish();
  summary.events = spill.rows();
  summary.csv_bytes += csv.bytes_read();
}

struct IncidentLogs {
  std::vector<double> ts;
  std::vector<std::int32_t> level, template_;
};

std::vector<IncidentLogs> read_logs(const std::string& path, const IncidentTable& incidents, DictionarySet& dicts,
                                    const ImportOptions& options, ImportSummary& summary) {
  CsvReader csv(path, options.block_bytes);
  const auto incident_col = csv.require_column("incident_id"), ts_col = csv.require_column("ts"),
             level_col = csv.require_column("level"), template_col = csv.require_column("template");
  telemetry::InternCache level(*dicts.get("log_level")), templates(*dicts.get("log_template"));
  std::vector<IncidentLogs> logs(incidents.specs.size());
  while (csv.next()) {
    const auto incident = incidents.find(csv.text(incident_col));
    if (!incident) csv.fail(incident_col, cat("unknown incident '", csv.text(incident_col), "' (not in incidents.csv)"));
    auto& l = logs[static_cast<std::size_t>(*incident)];
    l.ts.push_back(finite_time(csv, ts_col));
    l.level.push_back(level.code(csv.text(level_col)));
    l.template_.push_back(templates.code(csv.text(template_col)));
    ++summary.logs;
  }
  summary.csv_bytes += csv.bytes_read();
  return logs;
}

// The events of one incident as the corpus stores them: rows sorted by (session, ts) and CSR
// offsets with one part per session.
Sequence events_sequence(std::span<const SpilledEvent> rows, std::int64_t num_sessions, DictionarySet& dicts) {
  const auto n = rows.size();
  std::vector<std::int64_t> session(n), offsets(static_cast<std::size_t>(num_sessions) + 1, 0);
  std::vector<double> ts(n), latency(n);
  std::vector<std::int32_t> event(n), url(n), status(n);
  for (std::size_t i = 0; i < n; ++i) {
    const auto& e = rows[i];
    session[i] = e.session;
    ts[i] = e.ts;
    latency[i] = e.latency_ms;
    event[i] = e.event;
    url[i] = e.url;
    status[i] = e.status;
    ++offsets[static_cast<std::size_t>(e.session) + 1];
  }
  std::partial_sum(offsets.begin(), offsets.end(), offsets.begin());
  Relation r;
  r.add("session", Column::int64(std::move(session)))
      .add("ts", Column::real(std::move(ts)))
      .add("event", Column::categorical(std::move(event), dicts.get("event")))
      .add("url", Column::categorical(std::move(url), dicts.get("url")))
      .add("latency_ms", Column::real(std::move(latency)))
      .add("status", Column::categorical(std::move(status), dicts.get("status")));
  return Sequence(std::move(r), std::move(offsets));
}

Relation logs_relation(IncidentLogs logs, DictionarySet& dicts) {
  std::vector<std::int64_t> order(logs.ts.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](auto a, auto b) {
    return logs.ts[static_cast<std::size_t>(a)] < logs.ts[static_cast<std::size_t>(b)];
  });
  Relation r;
  r.add("ts", Column::real(std::move(logs.ts)))
      .add("level", Column::categorical(std::move(logs.level), dicts.get("log_level")))
      .add("template", Column::categorical(std::move(logs.template_), dicts.get("log_template")));
  return r.gather(order);
}

}  // namespace

ImportSummary import_telemetry(const std::string& dir, const std::string& out, const ImportOptions& options) {
  if (!fs::is_directory(dir)) throw InputError(cat(dir, ": not a directory (expected the telemetry CSV files)"));
  const auto incidents_path = required_file(dir, telemetry::kIncidentsFile);
  const auto sessions_path = required_file(dir, telemetry::kSessionsFile);
  const auto events_path = required_file(dir, telemetry::kEventsFile);
  const auto logs_path = (fs::path(dir) / telemetry::kLogsFile).string();
  const auto dictionaries_path = (fs::path(dir) / telemetry::kDictionariesFile).string();
  const bool has_logs = fs::is_regular_file(logs_path);

  ImportSummary summary;
  DictionarySet dicts;
  if (fs::is_regular_file(dictionaries_path)) dicts.load(dictionaries_path);
  if (!dicts.has("status")) *dicts.get("status") = Dictionary({"ok", "error", "timeout"}, "status");

  auto incidents = telemetry::read_incidents(incidents_path);
  SessionTable sessions(sessions_path, incidents, dicts);
  summary.incidents = static_cast<std::int64_t>(incidents.specs.size());
  summary.sessions = sessions.num_sessions();

  const fs::path out_path(out);
  const auto spill_dir = out_path.parent_path() / cat(".", out_path.filename().string(), ".events-", ::getpid());
  EventSpill spill(spill_dir, static_cast<std::int32_t>(incidents.specs.size()));
  spill_events(events_path, incidents, sessions, dicts, spill, options, summary);
  sessions.drop_lookups();
  std::vector<IncidentLogs> logs;
  if (has_logs) logs = read_logs(logs_path, incidents, dicts, options, summary);
  for (const char* file : {incidents_path.c_str(), sessions_path.c_str()})
    summary.csv_bytes += static_cast<std::int64_t>(fs::file_size(file));
  if (fs::is_regular_file(dictionaries_path))
    summary.csv_bytes += static_cast<std::int64_t>(fs::file_size(dictionaries_path));

  corpus::Provenance provenance;
  provenance.config_text = options.config_text;
  provenance.generator = cat("moce import ", version());
  auto context = make_local_context();
  CorpusWriter writer(out, *context, provenance, options.write);
  for (std::size_t i = 0; i < incidents.specs.size(); ++i) {
    const auto& spec = incidents.specs[i];
    std::vector<std::string> attributes, kpis;
    const auto num_sessions = sessions.num_sessions(i);
    auto table = sessions.take_relation(i, spec, dicts, attributes, kpis);
    writer.append(corpus::sessions_group(spec.id), table);
    writer.set_attribute(corpus::sessions_group(spec.id), kCohortAttributesAttribute, join(attributes));
    writer.set_attribute(corpus::sessions_group(spec.id), kKpisAttribute, join(kpis));
    writer.append_sequence(corpus::events_group(spec.id), corpus::events_offsets(spec.id),
                           events_sequence(spill.incident_events(static_cast<std::int32_t>(i)), num_sessions, dicts));
    if (has_logs) writer.append(corpus::logs_group(spec.id), logs_relation(std::move(logs[i]), dicts));
  }
  write_incident_index(writer, *context, incidents.specs, dicts.get("event"));
  // Dictionaries no column uses (seeded from dictionaries.csv) are kept, so codes and the
  // dictionary set round-trip.
  for (auto& [name, dict] : dicts.all()) writer.add_dictionary(name, *dict);
  writer.commit();
  return summary;
}

}  // namespace moce
