// Hand-built incidents for expert tests: sessions, events and log lines described in C++, written
// as telemetry CSV (formats/telemetry-csv.md) and imported into a real corpus, then opened as
// the experts see it.
//
//   test::IncidentBuilder b("inc", "login_time", KpiKind::kReal, /*higher_is_better=*/false);
//   b.attributes({"isp", "os"}).kpis({"login_time"});
//   for (int i = 0; i < 200; ++i) b.session({.start = b.hist(i / 200.0), .attrs = {"A", "x"}, .kpi = {100}});
//   auto incident = b.open(dir);                 // IncidentInput (world context)
//   auto leads = test::run_expert(expert, incident);
#pragma once

#include <cstdint>
#include <limits>
#include <memory>
#include <string>
#include <vector>

#include "experts/core/expert.hpp"
#include "experts/mixture/mixture.hpp"
#include "operators/io/incident_index.hpp"

namespace moce::test {

struct TestEvent {
  double ts = 0;
  std::string event;
  std::string url;          // "" = none
  double latency_ms = std::numeric_limits<double>::quiet_NaN();
  std::string status;       // "", ok, error, timeout
};

struct TestSession {
  double start = 0;
  std::vector<std::string> attrs;  // one value per attribute, in attributes() order
  std::vector<double> kpi;         // one value per KPI (NaN = missing)
  std::int64_t session_index = 1;
  std::int64_t user = -1;          // -1: a user of its own
  std::vector<TestEvent> events;
};

class IncidentBuilder {
 public:
  // Windows: history [0, 5h), anomaly [5h, 6h) from t0 = 1.7e9.
  IncidentBuilder(std::string id, std::string kpi, KpiKind kind, bool higher_is_better);
  IncidentBuilder& attributes(std::vector<std::string> names);
  IncidentBuilder& kpis(std::vector<std::string> names);   // default: {kpi}
  IncidentBuilder& context(std::string start, std::string end);
  IncidentBuilder& cohort(std::string cohort);
  IncidentBuilder& truth(std::string truth);
  IncidentBuilder& category(std::string category);

  // A time at fraction f in [0, 1) of the historical / anomaly window.
  double hist(double f) const;
  double anomaly(double f) const;

  IncidentBuilder& session(TestSession session);
  IncidentBuilder& log(double ts, std::string level, std::string log_template);

  const IncidentSpec& spec() const { return spec_; }
  // Writes the CSV files into dir/csv and imports them into dir/corpus.h5; returns the corpus path.
  std::string write(const std::string& dir) const;
  // write(), then opens the incident for the experts with `group` (default: the test's world).
  experts::IncidentInput open(const std::string& dir, const Context* group = nullptr) const;

 private:
  IncidentSpec spec_;
  std::vector<std::string> attributes_, kpis_;
  std::vector<TestSession> sessions_;
  struct LogLine {
    double ts;
    std::string level, text;
  };
  std::vector<LogLine> logs_;
};

// The expert's leads on the incident (its DAG on a fresh lazy graph). Throws what the expert threw.
experts::Leads run_expert(const experts::Expert& expert, const experts::IncidentInput& input);
// The rank (1-based) of `id` among the leads, 0 if absent.
std::size_t rank_of(const experts::Leads& leads, const std::string& id);
std::size_t rank_of(const std::vector<experts::CombinedLead>& leads, const std::string& id);

}  // namespace moce::test
