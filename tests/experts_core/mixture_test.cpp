// The mixture on hand-built incidents: routing, combining, the confidence floor, and the lazy
// DAG's sharing of workflow nodes between experts.
#include <gtest/gtest.h>

#include "experts/cohort/cohort_differential.hpp"
#include "experts/core/registry.hpp"
#include "experts/mixture/mixture.hpp"
#include "experts/mixture/mixture_config.hpp"
#include "tests/experts_core/incident_fixtures.hpp"
#include "tests/support/test_support.hpp"

namespace moce::experts {
namespace {

// A stand-in expert serving binary KPIs only, to check routing.
class BinaryOnly : public Expert {
 public:
  BinaryOnly() : Expert({"binary_only", "test", {KpiKind::kBinary}, "nothing", {Telemetry::kSessions}, "none"}, nullptr) {}
  Lazy<Leads> build(Workflows& wf) const override {
    return step(wf, "nothing", [](const Relation&) { return Leads{}; }, wf.cohort_statistics());
  }
};

TEST(Mixture, CohortExpertPutsTheFaultyIspFirst) {
  test::TempDir dir;
  auto input = test::cohort_incident("inc", "B").open(dir.path().string());
  CohortDifferential expert(nullptr);
  auto leads = test::run_expert(expert, input);
  ASSERT_FALSE(leads.empty());
  EXPECT_EQ(leads.leads[0].id, "isp:B");
  EXPECT_EQ(test::rank_of(leads, "isp:A"), 0u);  // unchanged ISPs are not leads
  // Evidence: B's anomaly mean is 3x its historical mean (same spread of values, hand-computed
  // means of the 80 anomaly and 200 historical B sessions).
  const double hist = leads.leads[0].evidence.get("hist_mean");
  const double anomaly = leads.leads[0].evidence.get("anomaly_mean");
  EXPECT_NEAR(anomaly / hist, 3.0, 0.05);
  EXPECT_EQ(leads.leads[0].evidence.get("anomaly_n"), 80);
  EXPECT_EQ(leads.leads[0].evidence.get("hist_n"), 200);
}

TEST(Mixture, NullIncidentGetsNoLead) {
  test::TempDir dir;
  auto input = test::cohort_incident("null", "").open(dir.path().string());
  CohortDifferential expert(nullptr);
  EXPECT_TRUE(test::run_expert(expert, input).empty());
  MixtureOptions options;
  auto result = run_mixture(input, {&expert}, options);
  EXPECT_TRUE(result.leads.empty());
}

TEST(Mixture, TwoIndependentCausesAreBothLeads) {
  // ISPs A and C both take 3x longer in the anomaly window; B is unchanged. Every registered
  // expert runs; both causes must be in the mixture's top 5, ahead of the healthy ISP.
  test::TempDir dir;
  auto input = test::cohort_incident("two", "A", "C").open(dir.path().string());
  const auto all = builtin_registry().make_all({}, nullptr);
  std::vector<const Expert*> experts;
  for (const auto& e : all) experts.push_back(e.get());
  auto result = run_mixture(input, experts, MixtureOptions{});
  const auto a = test::rank_of(result.leads, "isp:A"), c = test::rank_of(result.leads, "isp:C");
  EXPECT_GE(a, 1u);
  EXPECT_LE(a, 5u);
  EXPECT_GE(c, 1u);
  EXPECT_LE(c, 5u);
  EXPECT_EQ(test::rank_of(result.leads, "isp:B"), 0u);
}

TEST(Mixture, RoutesByKpiKindAndRecordsTheSkip) {
  test::TempDir dir;
  auto input = test::cohort_incident("inc", "C").open(dir.path().string());
  CohortDifferential cohort(nullptr);
  BinaryOnly binary;
  auto result = run_mixture(input, {&binary, &cohort}, MixtureOptions{});
  ASSERT_EQ(result.experts.size(), 2u);
  EXPECT_EQ(result.experts[0].expert, "cohort_differential");
  EXPECT_EQ(result.experts[0].status, ExpertOutcome::Status::kRan);
  EXPECT_EQ(result.experts[1].expert, "binary_only");
  EXPECT_EQ(result.experts[1].status, ExpertOutcome::Status::kSkipped);
  EXPECT_NE(result.experts[1].reason.find("KPI kinds"), std::string::npos);
  ASSERT_FALSE(result.leads.empty());
  EXPECT_EQ(result.leads[0].id, "isp:C");
  ASSERT_EQ(result.leads[0].votes.size(), 1u);
  EXPECT_EQ(result.leads[0].votes[0].expert, "cohort_differential");
}

TEST(Mixture, SharedWorkflowNodesAreComputedOnce) {
  test::TempDir dir;
  auto input = test::cohort_incident("inc", "A").open(dir.path().string());
  // Two calibrations of one expert: different parameters, so different expert steps, over the
  // same workflow nodes.
  Config strict;
  strict.set("expert.cohort_differential.min_z", "6");
  CohortDifferential loose(nullptr), tight(&strict);
  BinaryOnly binary;  // routed away: builds nothing
  EXPECT_NE(loose.key(), tight.key());
  auto result = run_mixture(input, {&loose, &tight, &binary}, MixtureOptions{});
  // load_sessions, alert_sessions, session_groups, value_statistics are shared; two steps.
  EXPECT_EQ(result.stats.nodes, 6u);
  EXPECT_EQ(result.stats.calls, 10u);
  EXPECT_EQ(result.stats.computations, 6u);
  auto counts = count_nodes(input, {&loose, &tight});
  EXPECT_EQ(counts.unified_internal, 4u);
  EXPECT_EQ(counts.per_expert_internal, 8u);
  EXPECT_EQ(counts.unified_total, 6u);
}

TEST(MixtureConfig, RejectsUnknownExpertsAndWeights) {
  Config config;
  config.set("experts", "cohort_differential,no_such_expert");
  EXPECT_THROW(read_mixture(config, builtin_registry()), ConfigError);
  Config empty;
  empty.set("experts", "");
  EXPECT_THROW(read_mixture(empty, builtin_registry()), ConfigError);
  Config weight;
  weight.set("experts", "cohort_differential");
  weight.set("mixture.weight.other", "2");
  EXPECT_THROW(read_mixture(weight, builtin_registry()), ConfigError);
  Config k;
  k.set("k", "0");
  EXPECT_THROW(read_mixture(k, builtin_registry()), ConfigError);
}

}  // namespace
}  // namespace moce::experts
