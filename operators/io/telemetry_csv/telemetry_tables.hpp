// The telemetry CSV directory (README.md here): its file and column names, and the corpus-wide
// dictionaries an import fills, optionally seeded from dictionaries.csv so codes round-trip.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "operators/data/dictionary.hpp"

namespace moce::telemetry {

inline constexpr const char* kIncidentsFile = "incidents.csv";
inline constexpr const char* kSessionsFile = "sessions.csv";
inline constexpr const char* kEventsFile = "events.csv";
inline constexpr const char* kLogsFile = "logs.csv";
inline constexpr const char* kDictionariesFile = "dictionaries.csv";

// Column order of the files the exporter writes (the importer finds columns by name).
inline const std::vector<std::string> kIncidentColumns = {
    "incident_id", "category", "kpi", "kpi_kind", "higher_is_better", "hist_start", "hist_end",
    "anomaly_start", "anomaly_end", "cohort", "truth", "context_start", "context_end", "params"};
inline const std::vector<std::string> kSessionKeyColumns = {"incident_id", "session_id", "user_id", "start", "end"};
inline const std::vector<std::string> kEventColumns = {"incident_id", "session_id", "ts", "event",
                                                       "url", "latency_ms", "status"};
inline const std::vector<std::string> kLogColumns = {"incident_id", "ts", "level", "template"};
inline const std::vector<std::string> kDictionaryColumns = {"dictionary", "code", "value"};

// Dictionaries the incident index builds itself (write_incident_index); a sessions attribute
// may not take one of these names.
bool is_index_dictionary(const std::string& name);

// Dictionaries by corpus name. Columns that share a name share the dictionary (e.g. an
// attribute called `url` and events.url), as the corpus stores one dictionary per name.
class DictionarySet {
 public:
  // The dictionary called `name`, created empty if new.
  const std::shared_ptr<Dictionary>& get(const std::string& name);
  bool has(const std::string& name) const { return dictionaries_.count(name) > 0; }
  const std::map<std::string, std::shared_ptr<Dictionary>>& all() const { return dictionaries_; }
  // Seeds dictionaries from dictionaries.csv (dictionary, code, value; codes 0, 1, ... in
  // order); index dictionaries are skipped. Throws InputError naming the line at fault.
  void load(const std::string& path);

 private:
  std::map<std::string, std::shared_ptr<Dictionary>> dictionaries_;
};

}  // namespace moce::telemetry
