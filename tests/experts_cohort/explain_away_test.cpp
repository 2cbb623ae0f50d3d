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

// Devices d1..d4 with shares 40/10/25/25%; d1 and d2 run os x (d1 = 80% of x), d3 and d4 os y.
// `slow(device)`: its sessions are 2x slower in the anomaly.
IncidentBuilder device_incident(const std::function<bool(const std::string&)>& slow, std::uint64_t seed) {
  IncidentBuilder b("device", "latency", KpiKind::kReal, false);
  const std::vector<AttributeSpec> attrs{{"device", {"d1", "d2", "d3", "d4"}, {40, 10, 25, 25}}, {"isp", values("isp-", 5), {}}};
  b.attributes({"device", "os", "isp"});
  Rng rng(seed);
  for (int w = 0; w < 2; ++w)
    add_sessions(b, w == 0 ? 2400 : 600, w == 1, [&](TestSession& s, double) {
      const auto drawn = draw_attributes(rng, attrs);
      s.attrs = {drawn[0], drawn[0] == "d1" || drawn[0] == "d2" ? "x" : "y", drawn[1]};
      s.kpi = {latency(rng, w == 1 && slow(drawn[0]) ? 2000 : 1000)};
    });
  return b;
}

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

// App versions v1..v4 (v2: 30% of sessions); every session calls /api/a, /api/b and /api/c once;
// the KPI is their total latency. In the anomaly v2 makes every URL 2x slower.
IncidentBuilder version_incident(std::uint64_t seed, bool inject) {
  IncidentBuilder b("version", "load_time", KpiKind::kReal, false);
  const std::vector<AttributeSpec> attrs{{"app_version", {"v1", "v2", "v3", "v4"}, {30, 30, 20, 20}},
                                         {"isp", values("isp-", 5), {}},
                                         {"os", values("os-", 3), {}}};
  b.attributes(names_of(attrs));
  Rng rng(seed);
  const std::vector<std::pair<std::string, double>> urls{{"/api/a", 100}, {"/api/b", 200}, {"/api/c", 300}};
  for (int w = 0; w < 2; ++w)
    add_sessions(b, w == 0 ? 2400 : 600, w == 1, [&](TestSession& s, double start) {
      s.attrs = draw_attributes(rng, attrs);
      const double factor = inject && w == 1 && s.attrs[0] == "v2" ? 2.0 : 1.0;
      double total = 0;
      for (std::size_t u = 0; u < urls.size(); ++u) {
        const double ms = latency(rng, urls[u].second * factor);
        total += ms;
        s.events.push_back({start + 1.0 + static_cast<double>(u), "request", urls[u].first, ms, "ok"});
      }
      s.kpi = {total};
    });
  return b;
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
