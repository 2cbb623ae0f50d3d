// sessions.csv held in memory per incident (sessions are few next to events): typed columns,
// a lookup from (incident, session id) to the session's row, and the corpus relation of each
// incident's sessions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "operators/data/relation.hpp"
#include "operators/io/telemetry_csv/incident_table.hpp"
#include "operators/io/telemetry_csv/telemetry_tables.hpp"

namespace moce::telemetry {

// A column other than the keys and session_index: a KPI (float64, some incident names it) or a cohort attribute.
struct SessionColumn {
  std::string name;
  bool is_kpi = false;
};

struct IncidentSessions {
  std::vector<std::string> session_id, user_id;  // as written; typed when the relation is built
  std::vector<double> start, end;
  std::vector<std::int64_t> session_index;
  std::vector<std::vector<double>> kpi_values;         // per column (used if a KPI)
  std::vector<std::vector<std::int32_t>> attr_codes;  // per column (used if an attribute)
  std::vector<bool> has_value;                         // per column: some session fills it
  TextMap<std::int64_t> rows;                          // session id -> row
  std::vector<std::int64_t> lines;                     // row -> line in sessions.csv
};

class SessionTable {
 public:
  // Reads sessions.csv: required columns, numbers, unknown incidents, duplicate session ids;
  // checks that every incident's KPI is a column. Attribute values are interned into `dicts`.
  SessionTable(const std::string& path, const IncidentTable& incidents, DictionarySet& dicts);

  std::int64_t num_sessions() const { return num_sessions_; }
  std::int64_t num_sessions(std::size_t incident) const {
    return static_cast<std::int64_t>(incidents_[incident].start.size());
  }
  // The row of `session_id` in incident `incident`, or nothing.
  std::optional<std::int64_t> find(std::size_t incident, std::string_view session_id) const {
    const auto& rows = incidents_[incident].rows;
    auto it = rows.find(session_id);
    if (it == rows.end()) return std::nullopt;
    return it->second;
  }
  // Frees the id lookups once events are resolved.
  void drop_lookups();
  // The corpus relation of incident `incident` (layout: operators/io/README.md) and the names
  // of its cohort attributes and KPIs, in column order. Frees the incident's staged rows.
  Relation take_relation(std::size_t incident, const IncidentSpec& spec, DictionarySet& dicts,
                         std::vector<std::string>& attributes, std::vector<std::string>& kpis);

 private:
  // The relation's columns in sessions.csv order (so an exported corpus keeps its column
  // order): a key column by name, or an index into columns_. session_index, when the file
  // lacks it, follows `end`.
  struct Slot {
    std::string key;          // session_id, user_id, start, end or session_index; else empty
    std::size_t column = 0;   // into columns_ when key is empty
  };
  std::vector<Slot> layout_;
  std::vector<SessionColumn> columns_;     // KPIs and attributes, in file order
  bool integer_session_ids_ = true, integer_user_ids_ = true;
  std::vector<IncidentSessions> incidents_;
  std::int64_t num_sessions_ = 0;
};

}  // namespace moce::telemetry
