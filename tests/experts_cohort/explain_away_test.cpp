// Explaining away: a device that is 80% of its OS's sessions fails (the device leads, the OS is
// explained), an OS that fails is not explained by its main device, an app version that slows
// every URL explains the URLs, and null incidents give nothing.
#include <gtest/gtest.h>

#include "experts/beyond/explain_away.hpp"
#include "tests/experts_cohort/cohort_incidents.hpp"
#include "tests/support/test_support.hpp"

namespace moce::test {
namespace {

using experts::ExplainAway;


TEST(ExplainAway, DeviceExplainsItsOs) {
  for (std::uint64_t seed : {41, 42, 43}) {
    TempDir dir;
    const auto leads = run_expert(ExplainAway(nullptr), device_incident([](const std::string& d) { return d == "d1"; }, seed)
                                                            .open(dir.path().string()));
    ASSERT_FALSE(leads.empty()) << "seed " << seed;
    EXPECT_EQ(leads.leads[0].id, "device:d1") << "seed " << seed;
    EXPECT_EQ(rank_of(leads, "os:x"), 0u) << "seed " << seed;
    EXPECT_EQ(leads.leads[0].evidence.get("explained_values"), 1);
    EXPECT_NE(leads.leads[0].evidence.note.find("os:x"), std::string::npos) << leads.leads[0].evidence.note;
    EXPECT_GT(leads.leads[0].confidence, 0.8);
  }
}

TEST(ExplainAway, FailingOsIsNotExplainedByItsMainDevice) {
  // Every os-x device is slow: d1 shifts as much as the rest of x, so x explains d1 and d2.
  TempDir dir;
  const auto leads = run_expert(ExplainAway(nullptr),
                                device_incident([](const std::string& d) { return d == "d1" || d == "d2"; }, 44)
                                    .open(dir.path().string()));
  ASSERT_FALSE(leads.empty());
  EXPECT_EQ(leads.leads[0].id, "os:x");
  EXPECT_EQ(rank_of(leads, "device:d1"), 0u);
}


TEST(ExplainAway, AppVersionExplainsEveryUrl) {
  TempDir dir;
  const auto leads = run_expert(ExplainAway(nullptr), version_incident(51, true).open(dir.path().string()));
  ASSERT_FALSE(leads.empty());
  EXPECT_EQ(leads.leads[0].id, "app_version:v2");
  EXPECT_EQ(leads.leads[0].evidence.get("explained_urls"), 3);
  for (const char* url : {"url:/api/a", "url:/api/b", "url:/api/c"}) {
    EXPECT_NE(leads.leads[0].evidence.note.find(url), std::string::npos) << leads.leads[0].evidence.note;
    EXPECT_EQ(rank_of(leads, url), 0u);
  }
  EXPECT_GT(leads.leads[0].confidence, 0.9);
}

TEST(ExplainAway, NullIncidentsGiveNoLead) {
  for (auto kind : {KpiKind::kReal, KpiKind::kBinary})
    for (std::uint64_t seed : {1, 2, 3}) {
      TempDir dir;
      const auto leads = run_expert(ExplainAway(nullptr), null_incident("null", kind, seed).open(dir.path().string()));
      EXPECT_TRUE(leads.empty()) << to_string(kind) << " seed " << seed << ": " << leads.leads[0].id;
    }
  TempDir dir;
  const auto leads = run_expert(ExplainAway(nullptr), version_incident(52, false).open(dir.path().string()));
  EXPECT_TRUE(leads.empty()) << leads.leads[0].id;
}

}  // namespace
}  // namespace moce::test
