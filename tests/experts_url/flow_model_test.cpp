// Experts 1-2 (flow model): the faulty URL first, silence on a null incident, the alpha and R^2
// rules on hand-worked incidents, and the session x URL pivot.
#include "experts/url/flow_model.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "experts/core/registry.hpp"
#include "experts/workflows/session_tables.hpp"
#include "experts/workflows/url_statistics.hpp"
#include "tests/experts_url/url_incident.hpp"
#include "tests/support/test_support.hpp"

namespace moce::experts {
namespace {

using test::IncidentBuilder;
using test::TestSession;

Leads run(const std::string& name, const IncidentBuilder& b, const Config* config = nullptr) {
  test::TempDir dir;
  auto input = b.open(dir.path().string());
  auto expert = builtin_registry().make(name, config);
  return test::run_expert(*expert, input);
}

TEST(FlowModel, SlowUrlRanksFirst) {
  test::UrlIncident incident;
  incident.faulty_url = "/api/login/b";
  incident.latency_factor = 3;
  incident.fault_fraction = 0.6;
  const Leads leads = run("flow_model_duration", incident.builder());
  ASSERT_FALSE(leads.empty());
  EXPECT_EQ(test::rank_of(leads, "url:/api/login/b"), 1u);
  EXPECT_EQ(test::rank_of(leads, "url:/api/home"), 0u);  // outside the flow context
  double total = 0;
  for (const auto& lead : leads.leads) total += lead.confidence;
  EXPECT_NEAR(total, 1.0, 1e-12);
}

TEST(FlowModel, FailingUrlRanksFirstOnASuccessKpi) {
  test::UrlIncident incident;
  incident.success_kpi = true;  // binary, higher is better: a decrease to explain
  incident.faulty_url = "/api/login/c";
  incident.fault_failure = 0.6;
  const Leads leads = run("flow_model_failures", incident.builder());
  ASSERT_FALSE(leads.empty());
  EXPECT_EQ(test::rank_of(leads, "url:/api/login/c"), 1u);
  EXPECT_LT(leads.leads[0].evidence.get("contribution"), 0);  // it lowers the success rate
}

TEST(FlowModel, NullIncidentGivesNoLead) {
  for (bool success : {false, true}) {
    test::UrlIncident incident;
    incident.success_kpi = success;
    incident.seed = 7;
    EXPECT_TRUE(run("flow_model_duration", incident.builder()).empty()) << "success kpi " << success;
    EXPECT_TRUE(run("flow_model_failures", incident.builder()).empty()) << "success kpi " << success;
  }
}

// KPI = a + b + c exactly, so ordinary least squares (lambda_ratio = 0) finds coefficients 1 and
// each contribution is the URL's change of mean latency: a +100, b +b_shift, c 0.
IncidentBuilder exact_incident(double b_shift) {
  IncidentBuilder b("exact", "login_time", KpiKind::kReal, false);
  b.attributes({"isp"}).context("login_start", "login_end");
  const int hist = 60, anomaly = 60;  // multiples of 3, 4 and 5: the patterns average out
  for (int i = 0; i < hist + anomaly; ++i) {
    const bool in_anomaly = i >= hist;
    const double lat[3] = {100.0 + (i % 5) * 10 + (in_anomaly ? 100 : 0),
                           200.0 + (i % 4) * 10 + (in_anomaly ? b_shift : 0), 50.0 + (i % 3) * 10};
    const double start = in_anomaly ? b.anomaly((i - hist + 0.5) / anomaly) : b.hist((i + 0.5) / hist);
    TestSession s = test::session_at(start, {"x"}, {lat[0] + lat[1] + lat[2]});
    double t = start + 1;
    s.events.push_back(test::marker(t, "login_start"));
    const char* urls[3] = {"/a", "/b", "/c"};
    for (int u = 0; u < 3; ++u) s.events.push_back(test::response(t += 0.1, urls[u], lat[u], "ok"));
    s.events.push_back(test::marker(t += 0.1, "login_end"));
    b.session(std::move(s));
  }
  return b;
}

Config ols() {
  Config config;
  config.set("expert.flow_model_duration.lambda_ratio", "0");
  return config;
}

TEST(FlowModel, AlphaRuleHandWorked) {
  const Config config = ols();
  {
    // Change 115 = 100 (a) + 15 (b): b's share 15/115 = 0.13 < 0.2, so only a, confidence 1.
    const Leads leads = run("flow_model_duration", exact_incident(15), &config);
    ASSERT_EQ(leads.size(), 1u);
    EXPECT_EQ(leads.leads[0].id, "url:/a");
    EXPECT_NEAR(leads.leads[0].confidence, 1.0, 1e-12);
    EXPECT_NEAR(leads.leads[0].evidence.get("contribution"), 100, 1e-4);
    EXPECT_NEAR(leads.leads[0].evidence.get("coefficient"), 1, 1e-6);
    EXPECT_NEAR(leads.leads[0].evidence.get("r2"), 1, 1e-9);
  }
  {
    // Change 140 = 100 + 40: b's share 40/140 = 0.29 > 0.2; confidences 100/140 and 40/140.
    const Leads leads = run("flow_model_duration", exact_incident(40), &config);
    ASSERT_EQ(leads.size(), 2u);
    EXPECT_EQ(leads.leads[0].id, "url:/a");
    EXPECT_EQ(leads.leads[1].id, "url:/b");
    EXPECT_NEAR(leads.leads[0].confidence, 100.0 / 140, 1e-6);
    EXPECT_NEAR(leads.leads[1].confidence, 40.0 / 140, 1e-6);
    EXPECT_NEAR(leads.leads[1].evidence.get("share_of_kpi_change"), 40.0 / 140, 1e-6);
  }
  {
    // alpha_share 0.3 drops b again (0.29 < 0.3).
    Config strict = ols();
    strict.set("expert.flow_model_duration.alpha_share", "0.3");
    const Leads leads = run("flow_model_duration", exact_incident(40), &strict);
    ASSERT_EQ(leads.size(), 1u);
    EXPECT_EQ(leads.leads[0].id, "url:/a");
  }
}

// The KPI moves by +300 between windows but is otherwise noise unrelated to the URLs; URL /a
// moves by +100. The fit explains only the windows' difference: R^2 <= var_between / var_total
// = (1/3 * 2/3 * 300^2) / (that + var_noise), about 0.19 here, below 0.5.
IncidentBuilder unrelated_kpi_incident() {
  IncidentBuilder b("unrelated", "login_time", KpiKind::kReal, false);
  b.attributes({"isp"}).context("login_start", "login_end");
  const int hist = 120, anomaly = 60;
  for (int i = 0; i < hist + anomaly; ++i) {
    const bool in_anomaly = i >= hist;
    const double noise = static_cast<double>((i * 7919) % 1000);  // spread over [0, 1000)
    const double start = in_anomaly ? b.anomaly((i - hist + 0.5) / anomaly) : b.hist((i + 0.5) / hist);
    TestSession s = test::session_at(start, {"x"}, {1000 + noise + (in_anomaly ? 300 : 0)});
    double t = start + 1;
    s.events.push_back(test::marker(t, "login_start"));
    s.events.push_back(test::response(t += 0.1, "/a", 100.0 + (i % 7) * 5 + (in_anomaly ? 100 : 0), "ok"));
    s.events.push_back(test::response(t += 0.1, "/b", 80.0 + (i % 5) * 5, "ok"));
    s.events.push_back(test::marker(t += 0.1, "login_end"));
    b.session(std::move(s));
  }
  return b;
}

TEST(FlowModel, NoLeadBelowMinR2) {
  EXPECT_TRUE(run("flow_model_duration", unrelated_kpi_incident()).empty());
  Config lenient;
  lenient.set("expert.flow_model_duration.min_r2", "0");
  const Leads leads = run("flow_model_duration", unrelated_kpi_incident(), &lenient);
  ASSERT_EQ(leads.size(), 1u);  // the gate, not anything else, held it back
  EXPECT_EQ(leads.leads[0].id, "url:/a");
  EXPECT_LT(leads.leads[0].evidence.get("r2"), 0.5);
  EXPECT_GT(leads.leads[0].evidence.get("r2"), 0.05);
}

TEST(FlowModel, InfoAndKpiKinds) {
  auto duration = builtin_registry().make("flow_model_duration", nullptr);
  auto failures = builtin_registry().make("flow_model_failures", nullptr);
  EXPECT_EQ(duration->name(), "flow_model_duration");
  EXPECT_EQ(failures->name(), "flow_model_failures");
  EXPECT_EQ(duration->info().family, "url_flow_model");
  EXPECT_TRUE(duration->info().serves(KpiKind::kReal));
  EXPECT_FALSE(duration->info().serves(KpiKind::kBinary));
  EXPECT_TRUE(failures->info().serves(KpiKind::kReal));
  EXPECT_TRUE(failures->info().serves(KpiKind::kBinary));
}

// Workflow 2's rows pivoted: NaN KPIs dropped, missing URLs and NaN values 0, URLs by name.
TEST(PivotUrlSessions, SessionByUrlMatrix) {
  auto urls = std::make_shared<Dictionary>(std::vector<std::string>{"/z", "/a", "/m"});
  Relation rows;
  //                 session 10 (hist)   session 11 (NaN KPI)  session 12 (anomaly)
  rows.add(kRowColumn, Column::int64({10, 10, 11, 12, 12}))
      .add(kWindowColumn, Column::int64({0, 0, 0, 1, 1}))
      .add(kKpiColumn, Column::real({5, 5, NAN, 7, 7}))
      .add(kUrlColumn, Column::categorical({0, 1, 1, 1, 2}, urls))
      .add(kFailureRate, Column::real({0.5, 0, 1, 0.25, 1}))
      .add(kLatency, Column::real({30, 10, 99, NAN, 40}));
  const UrlSessionMatrix d = PivotUrlSessions{UrlMetric::kDuration}.run(rows);
  ASSERT_EQ(d.urls, (std::vector<std::string>{"/a", "/m", "/z"}));
  ASSERT_EQ(d.kpi, (std::vector<double>{5, 7}));
  ASSERT_EQ(d.window, (std::vector<std::int64_t>{0, 1}));
  Eigen::MatrixXd expected(2, 3);
  expected << 10, 0, 30,  //
      0, 40, 0;
  EXPECT_EQ(d.x, expected);
  const UrlSessionMatrix f = PivotUrlSessions{UrlMetric::kFailure}.run(rows);
  expected << 0, 0, 0.5,  //
      0.25, 1, 0;
  EXPECT_EQ(f.x, expected);

  const UrlSamples samples = CollectUrlSamples{UrlMetric::kDuration}.run(rows);
  ASSERT_EQ(samples.urls.size(), 3u);
  EXPECT_EQ(samples.urls[0].name, "/a");
  EXPECT_EQ(samples.urls[0].window[0], (std::vector<double>{10, 99}));  // the NaN KPI does not matter here
  EXPECT_TRUE(samples.urls[0].window[1].empty());                       // NaN latency: no sample
}

}  // namespace
}  // namespace moce::experts
