// Expert 13 (Adtributor on cohort statistics): explanatory power and surprise on hand-worked cubes,
// a cohort failure at rank 1, and silence on null incidents with drift.
#include <gtest/gtest.h>

#include <cmath>

#include "experts/cohort/cohort_adtributor.hpp"
#include "tests/experts_cohort/cohort_incidents.hpp"
#include "tests/support/test_support.hpp"

namespace moce::test {
namespace {

using experts::CohortAdtributor;

// isp A and B, 100 historical and `anomaly_n` anomaly sessions each; os x and y split every isp
// evenly.
IncidentBuilder two_isp_incident(KpiKind kind, int anomaly_n,
                                 const std::function<double(bool is_a, bool anomaly, int i)>& kpi) {
  const bool binary = kind == KpiKind::kBinary;
  IncidentBuilder b("cube", binary ? "success" : "latency", kind, binary);
  b.attributes({"isp", "os"});
  for (int w = 0; w < 2; ++w) {
    const int n = w == 0 ? 100 : anomaly_n;
    for (int isp = 0; isp < 2; ++isp)
      for (int i = 0; i < n; ++i) {
        TestSession s;
        s.start = w == 0 ? b.hist((i + 0.5) / n) : b.anomaly((i + 0.5) / n);
        s.attrs = {isp == 0 ? "A" : "B", (i / 2) % 2 == 0 ? "x" : "y"};
        s.kpi = {kpi(isp == 0, w == 1, i)};
        b.session(std::move(s));
      }
  }
  return b;
}

TEST(CohortAdtributor, AdditiveCubeWorkedByHand) {
  // KPI 9/11 alternating (mean 10) everywhere, except isp A in the anomaly: 29/31 (mean 30).
  // Traffic scale 40/200 = 0.2. isp: F_A = F_B = 1000 * 0.2 = 200, A_A = 600, A_B = 200:
  //   EP_A = (600 - 200) / (800 - 400) = 1;
  //   S_A: p = 200/400 = 0.5, q = 600/800 = 0.75, m = 0.625:
  //        1/2 [0.5 log2(0.5/0.625) + 0.75 log2(0.75/0.625)] = 0.0181562...
  // os x and y each hold half of A and of B: both change by +10, so neither passes the
  // difference-in-differences gate.
  auto b = two_isp_incident(KpiKind::kReal, 20, [](bool a, bool anomaly, int i) {
    return (a && anomaly ? 30.0 : 10.0) + (i % 2 == 0 ? -1 : 1);
  });
  TempDir dir;
  const auto leads = run_expert(CohortAdtributor(nullptr), b.open(dir.path().string()));
  ASSERT_EQ(leads.size(), 1u);
  EXPECT_EQ(leads.leads[0].id, "isp:A");
  const auto& e = leads.leads[0].evidence;
  EXPECT_NEAR(e.get("explanatory_power"), 1.0, 1e-12);
  EXPECT_NEAR(e.get("surprise"), 0.5 * (0.5 * std::log2(0.5 / 0.625) + 0.75 * std::log2(0.75 / 0.625)), 1e-12);
  EXPECT_NEAR(e.get("surprise"), 0.0181562, 1e-6);
  EXPECT_EQ(e.get("set_rank"), 1);
  EXPECT_GT(leads.leads[0].confidence, 0.9);
  EXPECT_LE(leads.leads[0].confidence, 1.0);
}

TEST(CohortAdtributor, DerivedCubeWorkedByHand) {
  // Success (higher is better): 10 failures in 100 historical sessions for A and B; in the
  // anomaly A fails 20 of 40, B 4 of 40. Scale 80/200 = 0.4: a = failures, b = sessions:
  //   F_a = (4, 4), A_a = (20, 4), F_b = A_b = (40, 40); F(a) = 8, F(b) = 80.
  //   raw EP_A = [16 * 80 - 0 * 8] / [80 * (80 + 0)] = 0.2, raw EP_B = 0 -> normalised EP_A = 1.
  //   S_A = S(a) + S(b): S(a) with p = 4/8, q = 20/24; S(b) with p = q = 0.5 -> 0.
  auto b = two_isp_incident(KpiKind::kBinary, 40, [](bool a, bool anomaly, int i) {
    if (!anomaly) return i % 10 == 0 ? 0.0 : 1.0;
    if (a) return i % 2 == 0 ? 0.0 : 1.0;
    return i % 10 == 0 ? 0.0 : 1.0;
  });
  TempDir dir;
  const auto leads = run_expert(CohortAdtributor(nullptr), b.open(dir.path().string()));
  ASSERT_EQ(leads.size(), 1u);
  EXPECT_EQ(leads.leads[0].id, "isp:A");
  const auto& e = leads.leads[0].evidence;
  EXPECT_NEAR(e.get("explanatory_power"), 1.0, 1e-12);
  const double p = 0.5, q = 10.0 / 12, m = (p + q) / 2;
  EXPECT_NEAR(e.get("surprise"), 0.5 * (p * std::log2(p / m) + q * std::log2(q / m)), 1e-12);
  EXPECT_NEAR(e.get("surprise"), 0.0303767, 1e-6);
}


TEST(CohortAdtributor, CohortFailureAtRankOne) {
  for (auto kind : {KpiKind::kReal, KpiKind::kBinary}) {
    TempDir dir;
    const auto leads = run_expert(CohortAdtributor(nullptr), isp_failure(kind, 7).open(dir.path().string()));
    ASSERT_FALSE(leads.empty()) << to_string(kind);
    EXPECT_EQ(leads.leads[0].id, "isp:isp-3") << to_string(kind);
  }
}

TEST(CohortAdtributor, NullIncidentWithDriftGivesNoLead) {
  for (auto kind : {KpiKind::kReal, KpiKind::kBinary})
    for (std::uint64_t seed : {1, 2, 3}) {
      TempDir dir;
      const auto leads = run_expert(CohortAdtributor(nullptr), null_incident("null", kind, seed).open(dir.path().string()));
      EXPECT_TRUE(leads.empty()) << to_string(kind) << " seed " << seed << ": " << leads.leads[0].id;
    }
}

}  // namespace
}  // namespace moce::test
