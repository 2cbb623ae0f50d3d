// The incident index (/incidents/index): one row per incident with the analyst's alert (KPI,
// windows, impacted cohort, flow context) and the ground truth as canonical lead ids. The
// simulator, the CSV importer and the evaluation all read and write it through this file.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "operators/io/corpus_reader.hpp"
#include "operators/io/corpus_writer.hpp"

namespace moce {

enum class KpiKind { kReal, kBinary };
const char* to_string(KpiKind kind);
// Parses "real" or "binary"; throws InputError naming `where` otherwise.
KpiKind parse_kpi_kind(const std::string& text, const std::string& where);

struct TimeWindow {
  double start = 0;  // Unix seconds, inclusive
  double end = 0;    // exclusive
  bool operator==(const TimeWindow&) const = default;
};

struct IncidentSpec {
  std::string id;
  std::string category;
  std::string kpi;  // a KPI column of the incident's sessions
  KpiKind kpi_kind = KpiKind::kReal;
  bool higher_is_better = false;
  TimeWindow historical;
  TimeWindow anomaly;
  std::string cohort;                // "attr=value&attr=value"; empty = everyone
  std::vector<std::string> truth;    // one string per cause, each "id" or "id|id|..." (equivalent ids); empty = none known
  std::string context_start;         // event names framing the KPI's flow; empty = whole session
  std::string context_end;
  std::string params;                // injected parameters "key=value;key=value" (simulated corpora)

  bool operator==(const IncidentSpec&) const = default;
};

// Checks the windows (start < end, historical end <= anomaly start) and the truth ids; throws
// InputError naming `where` and the field at fault.
void validate(const IncidentSpec& spec, const std::string& where);

// Collective: appends the incident index. Every rank passes the same `specs` (the index is small,
// and dictionaries must agree across ranks); only rank 0's rows are written. `events` is the
// corpus' event-name dictionary, which context_start/context_end share (their names are interned).
void write_incident_index(CorpusWriter& writer, const Context& context, const std::vector<IncidentSpec>& specs,
                          const std::shared_ptr<Dictionary>& events);
std::vector<IncidentSpec> read_incident_index(const CorpusReader& reader);

// Canonical lead ids (formats/telemetry-csv.md): url:<url>, <attribute>:<value>, a combination
// <a>:<v>&<b>:<w>&... (two or more parts, names strictly increasing: sorted, no repeat),
// pattern:<e1>><e2>..., lifecycle:first_session|returning, log:<template>. One id: no ';' or '|'.
bool is_canonical_lead_id(const std::string& id);
// The equivalent ids of one cause: "device:ipad|os:iPadOS" -> {"device:ipad", "os:iPadOS"}; a cause
// without '|' gives itself. Does not check the ids.
std::vector<std::string> split_alternatives(const std::string& cause);
// Splits a truth cell "c1;c2" into causes, one string each (a cause keeps its '|' alternatives),
// checking every alternative with is_canonical_lead_id; "" gives no cause. Throws InputError naming
// `where` and the bad id.
std::vector<std::string> parse_truth(const std::string& text, const std::string& where);
// The inverse of parse_truth: causes joined with ';'.
std::string join_truth(const std::vector<std::string>& ids);

// The names of the sessions group's attributes listing its cohort attributes and its KPIs.
inline constexpr const char* kCohortAttributesAttribute = "cohort_attributes";
inline constexpr const char* kKpisAttribute = "kpis";

}  // namespace moce
