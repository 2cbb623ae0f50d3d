// Text and JSON renderings of an RcaResult. Neither prints timings, so the output is the same at
// any rank count and on every run.
#include "eval/cli/rca_report.hpp"

#include <cmath>
#include <cstdio>
#include <sstream>

#include "runtime/dag/stats_json.hpp"

namespace moce::cli {

namespace {

std::string number(double value) {
  if (std::isnan(value)) return "nan";
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.4g", value);
  return buffer;
}

std::string json_number(double value) {
  if (!std::isfinite(value)) return "null";
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.17g", value);
  return buffer;
}

std::string describe(const IncidentSpec& spec) {
  std::ostringstream out;
  out << "incident " << spec.id << " (" << spec.category << "): KPI " << spec.kpi << " (" << to_string(spec.kpi_kind)
      << ", " << (spec.higher_is_better ? "higher" : "lower") << " is better), cohort "
      << (spec.cohort.empty() ? "everyone" : spec.cohort);
  if (!spec.context_start.empty()) out << ", context " << spec.context_start << ".." << spec.context_end;
  out << "\n";
  return out.str();
}

}  // namespace

std::string rca_text(const IncidentSpec& spec, const experts::RcaResult& result,
                     const std::optional<experts::DagCounts>& counts) {
  using Status = experts::ExpertOutcome::Status;
  std::ostringstream out;
  out << describe(spec);
  std::size_t ran = 0, skipped = 0, failed = 0;
  for (const auto& e : result.experts) {
    ran += e.status == Status::kRan;
    skipped += e.status == Status::kSkipped;
    failed += e.status == Status::kFailed;
  }
  out << "experts: " << ran << " ran, " << skipped << " skipped, " << failed << " failed\n";
  for (const auto& e : result.experts)
    if (e.status != Status::kRan) out << "  " << to_string(e.status) << " " << e.expert << ": " << e.reason << "\n";
  if (result.leads.empty()) out << "no lead above the confidence floor\n";
  for (std::size_t i = 0; i < result.leads.size(); ++i) {
    const auto& lead = result.leads[i];
    out << (i + 1) << ". " << lead.id << "  score " << number(lead.score)
        << (lead.answered ? "" : "  (under the relative floor: not in the answer set)") << "\n";
    for (const auto& vote : lead.votes) {
      out << "     " << vote.expert << " " << number(vote.confidence) << ":";
      if (vote.evidence)
        for (const auto& [name, value] : vote.evidence->numbers) out << " " << name << "=" << number(value);
      out << "\n";
    }
  }
  if (counts) {
    out << "DAG: " << counts->unified_internal << " distinct internal nodes shared by the mixture, against "
        << counts->per_expert_internal << " summed over the experts' own DAGs (" << counts->unified_total
        << " nodes with the expert steps); this run: " << result.stats.calls << " calls, " << result.stats.nodes
        << " nodes, " << result.stats.computations << " computations\n";
    for (const auto& [name, n] : counts->per_expert) out << "  " << name << ": " << n << " internal nodes\n";
  }
  return out.str();
}

std::string rca_json(const IncidentSpec& spec, const experts::RcaResult& result,
                     const std::optional<experts::DagCounts>& counts) {
  std::ostringstream out;
  out << "{\"incident\": " << json_string(spec.id) << ", \"category\": " << json_string(spec.category)
      << ", \"kpi\": " << json_string(spec.kpi) << ", \"leads\": [";
  for (std::size_t i = 0; i < result.leads.size(); ++i) {
    const auto& lead = result.leads[i];
    out << (i ? ", " : "") << "{\"rank\": " << i + 1 << ", \"id\": " << json_string(lead.id)
        << ", \"score\": " << json_number(lead.score) << ", \"answered\": " << (lead.answered ? "true" : "false")
        << ", \"votes\": [";
    for (std::size_t v = 0; v < lead.votes.size(); ++v) {
      const auto& vote = lead.votes[v];
      out << (v ? ", " : "") << "{\"expert\": " << json_string(vote.expert)
          << ", \"confidence\": " << json_number(vote.confidence) << ", \"evidence\": {";
      if (vote.evidence) {
        bool first = true;
        for (const auto& [name, value] : vote.evidence->numbers) {
          out << (first ? "" : ", ") << json_string(name) << ": " << json_number(value);
          first = false;
        }
        if (!vote.evidence->note.empty()) out << (first ? "" : ", ") << "\"note\": " << json_string(vote.evidence->note);
      }
      out << "}}";
    }
    out << "]}";
  }
  out << "], \"experts\": [";
  for (std::size_t i = 0; i < result.experts.size(); ++i) {
    const auto& e = result.experts[i];
    out << (i ? ", " : "") << "{\"name\": " << json_string(e.expert) << ", \"status\": " << json_string(to_string(e.status))
        << ", \"reason\": " << json_string(e.reason) << ", \"leads\": [";
    for (std::size_t l = 0; l < e.leads.leads.size(); ++l)
      out << (l ? ", " : "") << "{\"id\": " << json_string(e.leads.leads[l].id)
          << ", \"confidence\": " << json_number(e.leads.leads[l].confidence) << "}";
    out << "]}";
  }
  out << "]";
  if (counts) {
    out << ", \"dag\": {\"distinct_internal_nodes\": " << counts->unified_internal
        << ", \"per_expert_internal_nodes\": " << counts->per_expert_internal << ", \"per_expert\": {";
    for (std::size_t i = 0; i < counts->per_expert.size(); ++i)
      out << (i ? ", " : "") << json_string(counts->per_expert[i].first) << ": " << counts->per_expert[i].second;
    out << "}}";
  }
  out << "}\n";
  return out.str();
}

}  // namespace moce::cli
