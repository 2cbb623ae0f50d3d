// Experts 9-10 (single-entity MLE on URL + cohort statistics): the faulty URL or cohort first,
// silence on a null incident, a hand-worked log-likelihood ratio.
#include "experts/url/url_mle.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "experts/core/registry.hpp"
#include "tests/experts_url/url_incident.hpp"
#include "tests/support/test_support.hpp"

namespace moce::experts {
namespace {

Leads run(const std::string& name, const test::IncidentBuilder& b, const Config* config = nullptr) {
  test::TempDir dir;
  auto input = b.open(dir.path().string());
  return test::run_expert(*builtin_registry().make(name, config), input);
}

TEST(UrlMle, SlowUrlRanksFirst) {
  test::UrlIncident incident;
  incident.faulty_url = "/api/login/b";
  incident.latency_factor = 3;
  incident.fault_fraction = 0.7;
  const Leads leads = run("url_mle_duration", incident.builder());
  ASSERT_FALSE(leads.empty());
  EXPECT_EQ(leads.leads[0].id, "url:/api/login/b");
  EXPECT_GT(leads.leads[0].confidence, 0.99);
  EXPECT_EQ(test::rank_of(leads, "url:/api/home"), 0u);  // outside the flow context
}

TEST(UrlMle, FailingUrlRanksFirst) {
  test::UrlIncident incident;
  incident.success_kpi = true;
  incident.faulty_url = "/api/login/d";
  incident.fault_failure = 0.7;
  const Leads leads = run("url_mle_failures", incident.builder());
  ASSERT_FALSE(leads.empty());
  EXPECT_EQ(leads.leads[0].id, "url:/api/login/d");
}

TEST(UrlMle, SlowIspRanksFirst) {
  // Every URL of ISP-2 is slow: the cohort, not any one URL, explains the anomaly.
  test::UrlIncident incident;
  incident.fault_isp = "ISP-2";
  incident.latency_factor = 3;
  incident.outside_also_faulty = false;
  const Leads leads = run("url_mle_duration", incident.builder());
  ASSERT_FALSE(leads.empty());
  EXPECT_EQ(leads.leads[0].id, "isp:ISP-2");
  // The KPI moved in ISP-2 too: its difference-in-differences z clears kpi_z.
  EXPECT_GE(leads.leads[0].evidence.get("kpi_z_diff_in_diff"), 2.33);
}

TEST(UrlMle, CohortWhoseKpiDidNotMoveIsNoLead) {
  // ISP-2's URL calls are 3x slower in the anomaly, but login_time does not follow them (the
  // calls are off the KPI's critical path): the KPI's shift in ISP-2 is noise (z ~ 0), so the
  // URL rows' likelihood ratio alone does not make ISP-2 a cause. With the gate off (kpi_z very
  // low) the same incident names it, so the gate is what removed it.
  test::UrlIncident incident;
  incident.fault_isp = "ISP-2";
  incident.latency_factor = 3;
  incident.outside_also_faulty = false;
  incident.kpi_follows_urls = false;
  EXPECT_EQ(test::rank_of(run("url_mle_duration", incident.builder()), "isp:ISP-2"), 0u);
  Config off;
  off.set("expert.url_mle_duration.kpi_z", "-1000000");
  const Leads ungated = run("url_mle_duration", incident.builder(), &off);
  ASSERT_FALSE(ungated.empty());
  EXPECT_EQ(ungated.leads[0].id, "isp:ISP-2");
  EXPECT_LT(std::abs(ungated.leads[0].evidence.get("kpi_z_diff_in_diff")), 2.33);
}

TEST(UrlMle, NullIncidentGivesNoLead) {
  for (std::uint64_t seed : {5, 6}) {
    test::UrlIncident incident;
    incident.seed = seed;
    incident.base_failure = 0.1;
    EXPECT_TRUE(run("url_mle_duration", incident.builder()).empty()) << seed;
    incident.success_kpi = true;
    EXPECT_TRUE(run("url_mle_failures", incident.builder()).empty()) << seed;
  }
}

// The tree splits on url only (one ISP). Leaf /a: mean 115 and ML variance 125 over its 40
// historical sessions. The 20 anomaly sessions of /a (mean 245) under the 3-sigma shifted Normal
// against the unshifted: LLR = sum_i [(x_i - mu)^2 - (x_i - mu - 3 s)^2] / (2 s^2)
//                            = W (3 (mean - mu) / s - 4.5) = 20 (3 * 130 / sqrt(125) - 4.5).
TEST(UrlMle, HandWorkedLikelihoodRatio) {
  const Leads leads = run("url_mle_duration", test::two_url_incident());
  ASSERT_FALSE(leads.empty());
  const Lead& top = leads.leads[0];
  EXPECT_EQ(top.id, "url:/a");
  EXPECT_NEAR(top.evidence.get("log_likelihood_ratio"), 20 * (3 * 130 / std::sqrt(125.0) - 4.5), 1e-6);
  EXPECT_EQ(top.evidence.get("candidates"), 3);  // isp:x, url:/a, url:/b
  EXPECT_NEAR(top.evidence.get("threshold"), std::log(3 / 0.01), 1e-12);
  EXPECT_DOUBLE_EQ(top.evidence.get("hist_mean"), 115);
  EXPECT_DOUBLE_EQ(top.evidence.get("anomaly_mean"), 245);
  EXPECT_EQ(top.evidence.get("anomaly_samples"), 20);
  EXPECT_EQ(test::rank_of(leads, "url:/b"), 0u);
}

TEST(UrlMle, InfoAndKpiKinds) {
  auto duration = builtin_registry().make("url_mle_duration", nullptr);
  auto failures = builtin_registry().make("url_mle_failures", nullptr);
  EXPECT_EQ(duration->name(), "url_mle_duration");
  EXPECT_EQ(failures->name(), "url_mle_failures");
  EXPECT_EQ(duration->info().family, "mle");
  EXPECT_FALSE(duration->info().serves(KpiKind::kBinary));
  EXPECT_TRUE(failures->info().serves(KpiKind::kBinary));
}

}  // namespace
}  // namespace moce::experts
