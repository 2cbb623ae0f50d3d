// Reading sessions.csv and building each incident's sessions relation.
#include "operators/io/telemetry_csv/session_table.hpp"

#include <cmath>
#include <set>

#include "operators/io/telemetry_csv/csv_reader.hpp"
#include "runtime/error.hpp"

namespace moce::telemetry {

namespace {

bool is_key_column(const std::string& name) {
  for (auto& key : kSessionKeyColumns)
    if (name == key) return true;
  return name == "session_index";
}

// Ids that are all integers are stored as int64; otherwise as codes into a dictionary.
Column id_column(const std::vector<std::string>& text, bool integer, DictionarySet& dicts, const char* name) {
  if (integer) {
    std::vector<std::int64_t> values;
    values.reserve(text.size());
    for (auto& t : text) values.push_back(*parse_int64(t));
    return Column::int64(std::move(values));
  }
  const auto& dict = dicts.get(name);
  std::vector<std::int32_t> codes;
  codes.reserve(text.size());
  for (auto& t : text) codes.push_back(t.empty() ? kMissingCode : dict->intern(t));
  return Column::categorical(std::move(codes), dict);
}

}  // namespace

SessionTable::SessionTable(const std::string& path, const IncidentTable& incidents, DictionarySet& dicts) {
  CsvReader csv(path);
  const auto incident_col = csv.require_column("incident_id"), session_col = csv.require_column("session_id"),
             user_col = csv.require_column("user_id"), start_col = csv.require_column("start"),
             end_col = csv.require_column("end");
  const auto index_col = csv.find_column("session_index");
  std::set<std::string> kpi_names;
  for (auto& spec : incidents.specs) kpi_names.insert(spec.kpi);
  std::vector<std::size_t> fields;  // CSV position of each of columns_
  for (std::size_t i = 0; i < csv.header().size(); ++i) {
    const auto& name = csv.header()[i];
    if (name == "incident_id") continue;
    if (is_key_column(name)) {
      layout_.push_back({name, 0});
      if (name == "end" && !index_col) layout_.push_back({"session_index", 0});
      continue;
    }
    const bool kpi = kpi_names.count(name) > 0;
    if (!kpi && is_index_dictionary(name))
      throw InputError(cat(path, ":1: column '", name, "': an attribute may not be called '", name,
                           "' (the incident index uses that dictionary name)"));
    layout_.push_back({"", columns_.size()});
    columns_.push_back({name, kpi});
    fields.push_back(i);
  }
  for (std::size_t i = 0; i < incidents.specs.size(); ++i) {
    const auto& kpi = incidents.specs[i].kpi;
    if (!csv.find_column(kpi) || is_key_column(kpi))
      throw InputError(cat(incidents.path, ":", incidents.lines[i], ": column 'kpi': '", kpi,
                           "' is not a KPI column of ", path, " (a column after 'end')"));
  }
  std::vector<Dictionary*> attr_dicts;
  for (auto& c : columns_) attr_dicts.push_back(c.is_kpi ? nullptr : dicts.get(c.name).get());
  incidents_.resize(incidents.specs.size());
  for (auto& s : incidents_) {
    s.kpi_values.resize(columns_.size());
    s.attr_codes.resize(columns_.size());
    s.has_value.assign(columns_.size(), false);
  }
  while (csv.next()) {
    const auto incident = incidents.find(csv.text(incident_col));
    if (!incident) csv.fail(incident_col, cat("unknown incident '", csv.text(incident_col), "' (not in incidents.csv)"));
    auto& s = incidents_[static_cast<std::size_t>(*incident)];
    const auto id = csv.text(session_col);
    if (id.empty()) csv.fail(session_col, "is empty; every session needs an id");
    const auto row = static_cast<std::int64_t>(s.start.size());
    if (auto [it, fresh] = s.rows.emplace(std::string(id), row); !fresh)
      csv.fail(session_col, cat("duplicate session id '", id, "' in incident '", csv.text(incident_col),
                                "' (first on line ", s.lines[static_cast<std::size_t>(it->second)], ")"));
    s.session_id.emplace_back(id);
    s.user_id.emplace_back(csv.text(user_col));
    integer_session_ids_ = integer_session_ids_ && parse_int64(id).has_value();
    integer_user_ids_ = integer_user_ids_ && parse_int64(csv.text(user_col)).has_value();
    const double start = csv.real(start_col), end = csv.real(end_col);
    if (!std::isfinite(start)) csv.fail(start_col, cat("'", csv.text(start_col), "' is not a finite time"));
    if (!std::isfinite(end)) csv.fail(end_col, cat("'", csv.text(end_col), "' is not a finite time"));
    if (end < start) csv.fail(end_col, cat("the session ends (", csv.text(end_col), ") before it starts (",
                                           csv.text(start_col), ")"));
    s.start.push_back(start);
    s.end.push_back(end);
    s.session_index.push_back(index_col && !csv.text(*index_col).empty() ? csv.int64(*index_col) : 0);
    for (std::size_t j = 0; j < columns_.size(); ++j) {
      const auto text = csv.text(fields[j]);
      if (columns_[j].is_kpi) {
        const double value = csv.real_or_missing(fields[j]);
        s.kpi_values[j].push_back(value);
        if (!std::isnan(value)) s.has_value[j] = true;
      } else {
        s.attr_codes[j].push_back(text.empty() ? kMissingCode : attr_dicts[j]->intern(text));
        if (!text.empty()) s.has_value[j] = true;
      }
    }
    s.lines.push_back(csv.line());
    ++num_sessions_;
  }
}

void SessionTable::drop_lookups() {
  for (auto& s : incidents_) {
    TextMap<std::int64_t>().swap(s.rows);
    std::vector<std::int64_t>().swap(s.lines);
  }
}

Relation SessionTable::take_relation(std::size_t incident, const IncidentSpec& spec, DictionarySet& dicts,
                                     std::vector<std::string>& attributes, std::vector<std::string>& kpis) {
  auto s = std::move(incidents_[incident]);
  incidents_[incident] = IncidentSessions{};
  const bool empty = s.session_id.empty();
  Relation r;
  for (auto& slot : layout_) {
    if (slot.key == "session_id") {
      r.add("session_id", id_column(s.session_id, integer_session_ids_, dicts, "session_id"));
    } else if (slot.key == "user_id") {
      r.add("user_id", id_column(s.user_id, integer_user_ids_, dicts, "user_id"));
    } else if (slot.key == "start") {
      r.add("start", Column::real(std::move(s.start)));
    } else if (slot.key == "end") {
      r.add("end", Column::real(std::move(s.end)));
    } else if (slot.key == "session_index") {
      r.add("session_index", Column::int64(std::move(s.session_index)));
    } else {
      const auto j = slot.column;
      const auto& c = columns_[j];
      // A column no session of this incident fills belongs to other incidents (a KPI or an
      // attribute this one lacks), unless it is this incident's own KPI.
      if (!empty && !s.has_value[j] && c.name != spec.kpi) continue;
      if (c.is_kpi) {
        r.add(c.name, Column::real(std::move(s.kpi_values[j])));
        kpis.push_back(c.name);
      } else {
        r.add(c.name, Column::categorical(std::move(s.attr_codes[j]), dicts.get(c.name)));
        attributes.push_back(c.name);
      }
    }
  }
  return r;
}

}  // namespace moce::telemetry
