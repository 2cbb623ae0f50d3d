// The cohort lattice: a pair failing only where both values hold comes first, a single value is
// not replaced by its pairs, null incidents give nothing, and 8 attributes of 40 values stay fast.
#include <gtest/gtest.h>

#include <chrono>

#include "experts/beyond/cohort_lattice.hpp"
#include "tests/experts_cohort/cohort_incidents.hpp"
#include "tests/support/test_support.hpp"

namespace moce::test {
namespace {

using experts::CohortLattice;


TEST(CohortLattice, PairFailingOnlyWhereBothHoldAtRankOne) {
  for (std::uint64_t seed : {21, 22}) {
    TempDir dir;
    auto b = grid_incident([](const std::string& isp, const std::string& os) { return isp == "A" && os == "x"; }, seed);
    const auto leads = run_expert(CohortLattice(nullptr), b.open(dir.path().string()));
    ASSERT_FALSE(leads.empty());
    EXPECT_EQ(leads.leads[0].id, "isp:A&os:x") << "seed " << seed;
    // The pair beats both parts, and the parts' rests do not shift: they are explained by it.
    EXPECT_GT(leads.leads[0].evidence.get("z_diff_in_diff"), leads.leads[0].evidence.get("z_part_1"));
    EXPECT_GT(leads.leads[0].evidence.get("z_diff_in_diff"), leads.leads[0].evidence.get("z_part_2"));
    EXPECT_EQ(rank_of(leads, "isp:A"), 0u);
    EXPECT_EQ(rank_of(leads, "os:x"), 0u);
  }
}

TEST(CohortLattice, SingleValueIsNotReplacedByItsPairs) {
  TempDir dir;
  auto b = grid_incident([](const std::string& isp, const std::string&) { return isp == "B"; }, 23);
  const auto leads = run_expert(CohortLattice(nullptr), b.open(dir.path().string()));
  ASSERT_FALSE(leads.empty());
  EXPECT_EQ(leads.leads[0].id, "isp:B");
  for (const auto& lead : leads.leads) EXPECT_EQ(lead.id.find('&'), std::string::npos) << lead.id;
}

TEST(CohortLattice, NullIncidentWithDriftGivesNoLead) {
  for (auto kind : {KpiKind::kReal, KpiKind::kBinary})
    for (std::uint64_t seed : {1, 2, 3}) {
      TempDir dir;
      const auto leads = run_expert(CohortLattice(nullptr), null_incident("null", kind, seed).open(dir.path().string()));
      EXPECT_TRUE(leads.empty()) << to_string(kind) << " seed " << seed << ": " << leads.leads[0].id;
    }
}

TEST(CohortLattice, EightAttributesOfFortyValuesStayFast) {
  // 3000 sessions over 8 attributes of 40 values (almost every leaf cohort is one session); the
  // pair a0:v3&a5:v7 fails. The search must find it and take well under the 200 ms budget.
  IncidentBuilder b("wide", "latency", KpiKind::kReal, false);
  std::vector<AttributeSpec> attrs;
  for (int a = 0; a < 8; ++a) {
    std::vector<double> w(40, 1.0);
    w[3] = w[7] = 8;  // two common values, so the pair has sessions
    attrs.push_back({values("a", 8)[static_cast<std::size_t>(a)], values("v", 40), w});
  }
  b.attributes(names_of(attrs));
  Rng rng(31);
  for (int w = 0; w < 2; ++w)
    add_sessions(b, w == 0 ? 2500 : 500, w == 1, [&](TestSession& s, double) {
      s.attrs = draw_attributes(rng, attrs);
      const bool hit = w == 1 && s.attrs[0] == "v3" && s.attrs[5] == "v7";
      s.kpi = {latency(rng, hit ? 3000 : 1000)};
    });
  TempDir dir;
  const auto input = b.open(dir.path().string());
  const CohortLattice expert(nullptr);
  Graph graph;
  experts::Workflows wf(graph, input);
  graph.get(wf.value_statistics());  // the shared workflows, timed apart
  const auto start = std::chrono::steady_clock::now();
  const auto leads = *graph.get(expert.build(wf));
  const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  ASSERT_FALSE(leads.empty());
  EXPECT_EQ(leads.leads[0].id, "a0:v3&a5:v7");
  EXPECT_LT(ms, 50.0);
  RecordProperty("lattice_ms", std::to_string(ms));
}

TEST(CohortLattice, PairBonferroniCountsThePairsTestedNotEveryPossiblePair) {
  // 8 attributes of 40 values; a0:v3 and a5:v7 are common (weight 30 of 98, about 31% each), so
  // the pair holds about 9% of the sessions (about 90 of the 1000 anomaly sessions), and its
  // latency rises by 13% in the anomaly while its parts' other sessions stay put. The pair's
  // Welch p is then about 2e-7 (seed 42: 2.35e-7, z 5.2): corrected over every possible pair of
  // values of two attributes (28 attribute pairs x 40 x 40 = 44,800) it misses alpha = 0.01
  // (0.0105); corrected over the pairs of expanded values actually tested (the two parts, at
  // z ~ 2.5, and the noise values over expand_z: 34 pairs) it passes, as do the conditional tests.
  IncidentBuilder b("wide_pair", "latency", KpiKind::kReal, false);
  std::vector<AttributeSpec> attrs;
  for (int a = 0; a < 8; ++a) {
    std::vector<double> w(40, 1.0);
    w[3] = w[7] = 30;
    attrs.push_back({values("a", 8)[static_cast<std::size_t>(a)], values("v", 40), w});
  }
  b.attributes(names_of(attrs));
  Rng rng(42);
  for (int w = 0; w < 2; ++w)
    add_sessions(b, w == 0 ? 2500 : 1000, w == 1, [&](TestSession& s, double) {
      s.attrs = draw_attributes(rng, attrs);
      const bool hit = w == 1 && s.attrs[0] == "v3" && s.attrs[5] == "v7";
      s.kpi = {latency(rng, hit ? 1130 : 1000)};
    });
  TempDir dir;
  const auto input = b.open(dir.path().string());
  const auto leads = run_expert(CohortLattice(nullptr), input);
  ASSERT_FALSE(leads.empty());
  ASSERT_EQ(leads.leads[0].id, "a0:v3&a5:v7");
  const auto& e = leads.leads[0].evidence;
  const double tested = e.get("pairs_corrected");
  EXPECT_GE(tested, 1.0);
  EXPECT_LE(tested, 16.0 * 15 / 2);  // the beam's pairs at most
  EXPECT_LT(e.get("welch_p") * tested, 0.01);
  EXPECT_GT(e.get("welch_p") * 44800, 0.01);  // the old correction would have dropped it
  // all_pairs_bonferroni = 1 restores that correction: no pair lead.
  Config config;
  config.set("expert.cohort_lattice.all_pairs_bonferroni", "1");
  const auto strict = run_expert(CohortLattice(&config), input);
  for (const auto& lead : strict.leads) EXPECT_EQ(lead.id.find('&'), std::string::npos) << lead.id;
}

}  // namespace
}  // namespace moce::test
