// The cube scan expert on cube data whose leaves are single observations (real, predict): the
// fixture tests/import/cube_fixture imported by `moce import cube`, answers worked by hand
// (tests/operators_stats/cube_scan_test.cpp has the LLRs). It is routed to aggregate-only
// incidents only.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "experts/beyond/cube_scan.hpp"
#include "operators/io/corpus_reader.hpp"
#include "operators/io/import_cube.hpp"
#include "tests/experts_support/incident_builder.hpp"
#include "tests/support/test_support.hpp"

namespace moce {
namespace {

TEST(CubeScanExpert, FindsTheFixtureCausesAsWorkedByHand) {
  test::TempDir dir;
  const std::string out = dir.file("cube.h5");
  import_cube(std::string(MOCE_SOURCE_DIR) + "/tests/import/cube_fixture", out, {});
  auto reader = std::make_shared<const CorpusReader>(out);
  const auto specs = read_incident_index(*reader);
  ASSERT_EQ(specs.size(), 2u);
  const experts::CubeScanExpert expert(nullptr);
  // Incident 1000 (truth a:a1): a1 fell from 300 to 30, a2 stayed at 300; LLR(a1) = 30 ln 0.1 +
  // 270 = 200.9 is the highest. EP = (30 - 300) / (330 - 500) = 1.59, clamped to 1.
  const auto first = experts::open_incident(reader, specs[0], test::world());
  EXPECT_EQ(expert.applicability(first), "");
  auto leads = test::run_expert(expert, first);
  ASSERT_EQ(leads.size(), 1u);
  EXPECT_EQ(leads.leads[0].id, "a:a1");
  EXPECT_NEAR(leads.leads[0].evidence.get("llr"), 30 * std::log(0.1) + 270, 1e-9);
  EXPECT_DOUBLE_EQ(leads.leads[0].confidence, 1.0);
  // Incident 2000 (truth a:a2&b:b1 and a:a1&b:b3): both pairs, EP -70 / -129 = 0.543 and
  // -60 / -129 = 0.465 (raised to min_confidence 0.5).
  leads = test::run_expert(expert, experts::open_incident(reader, specs[1], test::world()));
  ASSERT_EQ(leads.size(), 2u);
  EXPECT_EQ(leads.leads[0].id, "a:a2&b:b1");
  EXPECT_NEAR(leads.leads[0].confidence, 70.0 / 129.0, 1e-9);
  EXPECT_EQ(leads.leads[1].id, "a:a1&b:b3");
  EXPECT_DOUBLE_EQ(leads.leads[1].confidence, 0.5);
}

TEST(CubeScanExpert, FindsARiseAsWorkedByHand) {
  // One incident whose total rose (real 390 > predict 300, so higher is not better): leaves
  // (a, b) = (a1, b1) 100 -> 250, (a1, b2) 50 -> 40, (a2, b1) 100 -> 50, (a2, b2) 50 -> 50.
  // Rises only: a1&b1 (LLR 250 ln 2.5 - 150 = 79.07) and a1 (290 vs 150: 290 ln(290/150) - 140
  // = 51.18); b1 300 vs 200 gives 300 ln 1.5 - 100 = 21.64. a1&b1 is first; its parent a1's rest
  // (a1b2) fell, b1's rest (a2b1) fell: it stays. No other pair rose. EP = 150 / 90, clamped to 1.
  test::TempDir dir;
  const std::string in = dir.file("cube");
  std::filesystem::create_directories(in);
  std::ofstream(in + "/injection_info.csv") << "timestamp,set\n5000,a=a1&b=b1\n";
  std::ofstream(in + "/5000.csv") << "a,b,real,predict\na1,b1,250,100\na1,b2,40,50\na2,b1,50,100\na2,b2,50,50\n";
  const std::string out = dir.file("rise.h5");
  import_cube(in, out, {});
  auto reader = std::make_shared<const CorpusReader>(out);
  const auto spec = read_incident_index(*reader).at(0);
  EXPECT_FALSE(spec.higher_is_better);
  const auto leads =
      test::run_expert(experts::CubeScanExpert(nullptr), experts::open_incident(reader, spec, test::world()));
  ASSERT_EQ(leads.size(), 1u);
  EXPECT_EQ(leads.leads[0].id, "a:a1&b:b1");
  EXPECT_NEAR(leads.leads[0].evidence.get("llr"), 250 * std::log(2.5) - 150, 1e-9);
  EXPECT_DOUBLE_EQ(leads.leads[0].confidence, 1.0);
}

TEST(CubeScanExpert, SkipsIncidentsWithSessions) {
  test::TempDir dir;
  test::IncidentBuilder b("s", "failed", KpiKind::kBinary, /*higher_is_better=*/false);
  b.attributes({"isp"});
  b.session({.start = b.hist(0.5), .attrs = {"A"}, .kpi = {0}});
  b.session({.start = b.anomaly(0.5), .attrs = {"A"}, .kpi = {1}});
  EXPECT_NE(experts::CubeScanExpert(nullptr).applicability(b.open(dir.path().string())), "");
}

}  // namespace
}  // namespace moce
