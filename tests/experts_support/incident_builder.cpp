// Writing hand-built incidents as telemetry CSV and importing them.
#include "tests/experts_support/incident_builder.hpp"

#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "operators/io/telemetry_csv/telemetry_import.hpp"
#include "runtime/dag/graph.hpp"
#include "runtime/error.hpp"
#include "tests/support/test_support.hpp"

namespace moce::test {

namespace {

constexpr double kT0 = 1.7e9;
constexpr double kHour = 3600;

std::string quoted(const std::string& text) {
  std::string out = "\"";
  for (char c : text) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

std::string number(double value) {
  if (std::isnan(value)) return "";
  std::ostringstream out;
  out.precision(17);
  out << value;
  return out.str();
}

}  // namespace

IncidentBuilder::IncidentBuilder(std::string id, std::string kpi, KpiKind kind, bool higher_is_better) {
  spec_.id = std::move(id);
  spec_.category = "test";
  spec_.kpi = kpi;
  spec_.kpi_kind = kind;
  spec_.higher_is_better = higher_is_better;
  spec_.historical = {kT0, kT0 + 5 * kHour};
  spec_.anomaly = {kT0 + 5 * kHour, kT0 + 6 * kHour};
  kpis_ = {kpi};
}

IncidentBuilder& IncidentBuilder::attributes(std::vector<std::string> names) {
  attributes_ = std::move(names);
  return *this;
}
IncidentBuilder& IncidentBuilder::kpis(std::vector<std::string> names) {
  kpis_ = std::move(names);
  return *this;
}
IncidentBuilder& IncidentBuilder::context(std::string start, std::string end) {
  spec_.context_start = std::move(start);
  spec_.context_end = std::move(end);
  return *this;
}
IncidentBuilder& IncidentBuilder::cohort(std::string cohort) {
  spec_.cohort = std::move(cohort);
  return *this;
}
IncidentBuilder& IncidentBuilder::truth(std::string truth) {
  spec_.truth = parse_truth(truth, "test truth");
  return *this;
}
IncidentBuilder& IncidentBuilder::category(std::string category) {
  spec_.category = std::move(category);
  return *this;
}

double IncidentBuilder::hist(double f) const { return spec_.historical.start + f * (spec_.historical.end - spec_.historical.start); }
double IncidentBuilder::anomaly(double f) const { return spec_.anomaly.start + f * (spec_.anomaly.end - spec_.anomaly.start); }

IncidentBuilder& IncidentBuilder::session(TestSession session) {
  MOCE_ASSERT(session.attrs.size() == attributes_.size(), "test session: ", session.attrs.size(), " attribute values for ",
              attributes_.size(), " attributes");
  MOCE_ASSERT(session.kpi.size() == kpis_.size(), "test session: ", session.kpi.size(), " KPI values for ",
              kpis_.size(), " KPIs");
  sessions_.push_back(std::move(session));
  return *this;
}

IncidentBuilder& IncidentBuilder::log(double ts, std::string level, std::string log_template) {
  logs_.push_back({ts, std::move(level), std::move(log_template)});
  return *this;
}

std::string IncidentBuilder::write(const std::string& dir) const {
  namespace fs = std::filesystem;
  const fs::path csv = fs::path(dir) / "csv";
  fs::create_directories(csv);
  {
    std::ofstream out(csv / "incidents.csv");
    out << "incident_id,category,kpi,kpi_kind,higher_is_better,hist_start,hist_end,anomaly_start,anomaly_end,cohort,"
           "truth,context_start,context_end\n";
    out << quoted(spec_.id) << "," << quoted(spec_.category) << "," << quoted(spec_.kpi) << ","
        << to_string(spec_.kpi_kind) << "," << (spec_.higher_is_better ? 1 : 0) << "," << number(spec_.historical.start)
        << "," << number(spec_.historical.end) << "," << number(spec_.anomaly.start) << "," << number(spec_.anomaly.end)
        << "," << quoted(spec_.cohort) << "," << quoted(join_truth(spec_.truth)) << "," << quoted(spec_.context_start)
        << "," << quoted(spec_.context_end) << "\n";
  }
  {
    std::ofstream out(csv / "sessions.csv");
    out << "incident_id,session_id,user_id,start,end,session_index";
    for (const auto& a : attributes_) out << "," << quoted(a);
    for (const auto& k : kpis_) out << "," << quoted(k);
    out << "\n";
    for (std::size_t s = 0; s < sessions_.size(); ++s) {
      const auto& session = sessions_[s];
      double end = session.start + 1;
      for (const auto& e : session.events) end = std::max(end, e.ts);
      out << quoted(spec_.id) << "," << s << "," << (session.user >= 0 ? session.user : static_cast<std::int64_t>(s))
          << "," << number(session.start) << "," << number(end) << "," << session.session_index;
      for (const auto& v : session.attrs) out << "," << quoted(v);
      for (double v : session.kpi) out << "," << number(v);
      out << "\n";
    }
  }
  {
    std::ofstream out(csv / "events.csv");
    out << "incident_id,session_id,ts,event,url,latency_ms,status\n";
    for (std::size_t s = 0; s < sessions_.size(); ++s)
      for (const auto& e : sessions_[s].events)
        out << quoted(spec_.id) << "," << s << "," << number(e.ts) << "," << quoted(e.event) << "," << quoted(e.url)
            << "," << number(e.latency_ms) << "," << e.status << "\n";
  }
  if (!logs_.empty()) {
    std::ofstream out(csv / "logs.csv");
    out << "incident_id,ts,level,template\n";
    for (const auto& l : logs_)
      out << quoted(spec_.id) << "," << number(l.ts) << "," << quoted(l.level) << "," << quoted(l.text) << "\n";
  }
  const std::string corpus = (fs::path(dir) / "corpus.h5").string();
  import_telemetry(csv.string(), corpus, ImportOptions{});
  return corpus;
}

experts::IncidentInput IncidentBuilder::open(const std::string& dir, const Context* group) const {
  const Context& context = group ? *group : world();
  std::string corpus_path;
  // Under MPI one rank writes; the others wait for the file.
  if (context.rank() == 0) corpus_path = write(dir);
  context.broadcast(corpus_path, 0);
  auto corpus = std::make_shared<const CorpusReader>(corpus_path);
  for (const auto& spec : read_incident_index(*corpus))
    if (spec.id == spec_.id) return experts::open_incident(corpus, spec, context);
  throw Error(cat("test corpus lacks incident ", spec_.id));
}

experts::Leads run_expert(const experts::Expert& expert, const experts::IncidentInput& input) {
  Graph graph;
  experts::Workflows workflows(graph, input);
  return *graph.get(expert.build(workflows));
}

std::size_t rank_of(const experts::Leads& leads, const std::string& id) {
  for (std::size_t i = 0; i < leads.leads.size(); ++i)
    if (leads.leads[i].id == id) return i + 1;
  return 0;
}

std::size_t rank_of(const std::vector<experts::CombinedLead>& leads, const std::string& id) {
  for (std::size_t i = 0; i < leads.size(); ++i)
    if (leads[i].id == id) return i + 1;
  return 0;
}

}  // namespace moce::test
