// Expert 12 (single-entity MLE): the log-likelihood ratio worked by hand on a one-node tree, a
// cohort failure at rank 1, silence on null incidents with drift.
#include <gtest/gtest.h>

#include "experts/cohort/cohort_mle.hpp"
#include "tests/experts_cohort/cohort_incidents.hpp"
#include "tests/support/test_support.hpp"

namespace moce::test {
namespace {

using experts::CohortMle;

TEST(CohortMle, LikelihoodRatioWorkedByHand) {
  // isp A/B x os x/y, 50 historical sessions per leaf cohort at 9/11 (mean 10, ML variance 1);
  // anomaly: 10 sessions per leaf, A's at 29/31 (mean 30), B's at 9/11. With max_depth 0 the
  // tree is its root N(10, 1), and a leaf row of w sessions with mean v adds, under H_C,
  //   w [ln N(v; 13, 1) - ln N(v; 10, 1)] = w (3 (v - 10) - 4.5)
  // (the within-row squared deviations cancel): isp:A: 20 (3 * 20 - 4.5) = 1110;
  // os:x: 10 * 55.5 + 10 * (-4.5) = 510 but os:x does not shift against os:y (gate); isp:B: -90.
  IncidentBuilder b("mle", "latency", KpiKind::kReal, false);
  b.attributes({"isp", "os"});
  for (int w = 0; w < 2; ++w)
    for (const char* isp : {"A", "B"})
      for (const char* os : {"x", "y"}) {
        const int n = w == 0 ? 50 : 10;
        for (int i = 0; i < n; ++i) {
          const double base = w == 1 && std::string(isp) == "A" ? 30 : 10;
          b.session({.start = w == 0 ? b.hist((i + 0.5) / n) : b.anomaly((i + 0.5) / n),
                     .attrs = {isp, os},
                     .kpi = {base + (i % 2 == 0 ? -1 : 1)}});
        }
      }
  Config config;
  config.set("expert.cohort_mle.max_depth", "0");
  TempDir dir;
  const auto leads = run_expert(CohortMle(&config), b.open(dir.path().string()));
  ASSERT_EQ(leads.size(), 1u);
  EXPECT_EQ(leads.leads[0].id, "isp:A");
  EXPECT_NEAR(leads.leads[0].evidence.get("log_likelihood_ratio"), 1110, 1e-6);
  EXPECT_EQ(leads.leads[0].evidence.get("posterior"), 1);
  EXPECT_EQ(leads.leads[0].evidence.get("tree_nodes"), 1);
}

TEST(CohortMle, CohortFailureAtRankOne) {
  for (auto kind : {KpiKind::kReal, KpiKind::kBinary}) {
    TempDir dir;
    const auto leads = run_expert(CohortMle(nullptr), isp_failure(kind, 9).open(dir.path().string()));
    ASSERT_FALSE(leads.empty()) << to_string(kind);
    EXPECT_EQ(leads.leads[0].id, "isp:isp-3") << to_string(kind);
    EXPECT_GT(leads.leads[0].evidence.get("tree_nodes"), 1) << to_string(kind);
  }
}

TEST(CohortMle, NullIncidentWithDriftGivesNoLead) {
  for (auto kind : {KpiKind::kReal, KpiKind::kBinary})
    for (std::uint64_t seed : {1, 2, 3}) {
      TempDir dir;
      const auto leads = run_expert(CohortMle(nullptr), null_incident("null", kind, seed).open(dir.path().string()));
      EXPECT_TRUE(leads.empty()) << to_string(kind) << " seed " << seed << ": " << leads.leads[0].id;
    }
}

}  // namespace
}  // namespace moce::test
