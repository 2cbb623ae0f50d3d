// The world config: bad values are named with their key and allowed range, the vocabulary is
// data, and the attribute model has Zipf popularity and the correlations of the paper.
#include <gtest/gtest.h>

#include <map>
#include <set>

#include "runtime/error.hpp"
#include "sim_test_support.hpp"
#include "simulator/attributes.hpp"
#include "tests/support/test_support.hpp"

namespace moce::sim {
namespace {

std::string load_error(const std::vector<std::pair<std::string, std::string>>& overrides) {
  try {
    auto config = test::world_config(overrides);
    load_world(config);
    config.reject_unread("moce simulate");
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "";
}

TEST(WorldConfig, AttributeNamesReservedByTheLayoutAreRejected) {
  auto e = load_error({{"world.attributes", "device,category"}});
  EXPECT_NE(e.find("config key 'world.attributes'"), std::string::npos) << e;
  EXPECT_NE(e.find("'category' is reserved by the corpus layout"), std::string::npos) << e;
}

TEST(WorldConfig, BadValuesNameTheKeyAndTheAllowedRange) {
  auto e = load_error({{"request.login_otp.failure_rate", "1.5"}});
  EXPECT_NE(e.find("request.login_otp.failure_rate"), std::string::npos) << e;
  EXPECT_NE(e.find("[0, 1]"), std::string::npos) << e;
  e = load_error({{"attribute.isp.count", "0"}});
  EXPECT_NE(e.find("attribute.isp.count"), std::string::npos) << e;
  EXPECT_NE(e.find("[1, 100000]"), std::string::npos) << e;
  e = load_error({{"request.play_license.max_retries", "lots"}});
  EXPECT_NE(e.find("request.play_license.max_retries"), std::string::npos) << e;
  EXPECT_NE(e.find("expected an integer in [0, 20]"), std::string::npos) << e;
  e = load_error({{"incidents.fraction_min", "-0.1"}});
  EXPECT_NE(e.find("incidents.fraction_min"), std::string::npos) << e;
  e = load_error({{"flow.login.next", "profile:0.9, browse:0.3"}});
  EXPECT_NE(e.find("flow.login.next"), std::string::npos) << e;
  EXPECT_NE(e.find("sum to 1.2"), std::string::npos) << e;
  e = load_error({{"flow.login.steps", "login_page > no_such_request"}});
  EXPECT_NE(e.find("unknown request 'no_such_request'"), std::string::npos) << e;
  e = load_error({{"incidents.categories", "url_latency, disk_full"}});
  EXPECT_NE(e.find("unknown category 'disk_full'"), std::string::npos) << e;
  e = load_error({{"load.hourly", "1, 2, 3"}});
  EXPECT_NE(e.find("expected 24 values, got 3"), std::string::npos) << e;
  e = load_error({{"category.event_sequence.patterns.login_success", "click_login>no_such_event"}});
  EXPECT_NE(e.find("unknown event 'no_such_event'"), std::string::npos) << e;
  e = load_error({{"request.login_otp.mean_msec", "100"}});
  EXPECT_NE(e.find("unknown config key 'request.login_otp.mean_msec'"), std::string::npos) << e;
  EXPECT_EQ(load_error({}), "");
  // Leaving a category, flow or KPI out of its list ignores its section instead of failing.
  EXPECT_EQ(load_error({{"incidents.categories", "url_latency"}}), "");
}

TEST(WorldConfig, TheCommandRejectsBadOptionsWithTheirRange) {
  const auto run = [](const std::string& options) {
    return moce::test::run_command(moce::test::moce_binary() + " simulate --config " + test::configs_dir() +
                                   "/quickstart.ini --out /tmp/moce-never-written.h5 " + options + " 2>&1");
  };
  auto r = run("--sessions-per-incident=-5");
  EXPECT_NE(r.status, 0);
  EXPECT_NE(r.output.find("'sessions-per-incident' (command line): -5 is outside the allowed range [0, "),
            std::string::npos)
      << r.output;
  r = run("--compression 12");
  EXPECT_NE(r.status, 0);
  EXPECT_NE(r.output.find("'compression' (command line): 12 is outside the allowed range [0, 9]"), std::string::npos)
      << r.output;
  r = run("--seed 1 --incidents-per-category x");
  EXPECT_NE(r.output.find("'incidents-per-category' (command line): expected an integer"), std::string::npos)
      << r.output;
}

TEST(WorldConfig, AnotherVocabularyNeedsNoCode) {
  // Rename an attribute's values, an event and a flow's action: the world follows the config.
  const auto world = test::default_world({{"attribute.cdn.values", "edge-a, edge-b"},
                                          {"events.timeout", "request_timed_out"},
                                          {"flow.buy_plan.action", "purchase"},
                                          {"category.event_sequence.patterns.payment_conversion", "purchase>purchase"}});
  EXPECT_EQ(world.attribute_dicts[1]->values(), (std::vector<std::string>{"edge-a", "edge-b"}));
  EXPECT_NE(world.event_dict->find("request_timed_out"), kMissingCode);
  EXPECT_EQ(world.event_dict->find("timeout_error"), kMissingCode);
  const auto plans = plan_incidents(world, 1, 6);
  bool renamed = false;
  for (auto& p : plans) renamed = renamed || p.spec.truth[0] == "pattern:purchase>purchase";
  EXPECT_TRUE(renamed);
}

TEST(Attributes, ZipfPopularityAndTheCorrelationsOfThePaper) {
  const auto world = test::default_world();
  const auto shares = attribute_shares(world);
  // isp: Zipf with exponent 1 over 30 values: share of value i is (1/(i+1)) / H_30, H_30 = 3.99499.
  EXPECT_NEAR(shares[0][0], 1 / 3.99499, 0.01);
  EXPECT_NEAR(shares[0][1], 0.5 / 3.99499, 0.01);
  EXPECT_NEAR(shares[0][29], (1 / 30.0) / 3.99499, 0.003);
  // Device determines os; city determines region; app version correlates with os version.
  std::map<std::int32_t, std::set<std::int32_t>> os_of_device, region_of_city;
  std::map<std::pair<std::int32_t, std::int32_t>, double> joint;
  std::vector<std::int32_t> codes(world.attributes.size());
  const int n = 20000;
  for (int i = 0; i < n; ++i) {
    Rng rng(stream_key(99, static_cast<std::uint64_t>(i)));
    sample_attributes(world, rng, codes.data());
    if (world.attributes[4].values[static_cast<std::size_t>(codes[4])] == "iphone") os_of_device[codes[4]].insert(codes[5]);
    region_of_city[codes[2]].insert(codes[3]);
    joint[{codes[6], codes[7]}] += 1.0 / n;
  }
  for (auto& [device, oses] : os_of_device) EXPECT_EQ(oses.size(), 1u);
  for (auto& [city, regions] : region_of_city) EXPECT_EQ(regions.size(), 1u);
  // Correlation: P(app | os version) differs from P(app) far beyond sampling noise.
  double chi2 = 0;
  for (auto& [key, p] : joint) {
    const double expected = shares[6][static_cast<std::size_t>(key.first)] * shares[7][static_cast<std::size_t>(key.second)];
    chi2 += n * (p - expected) * (p - expected) / expected;
  }
  // Independence would give chi2 ~ (20-1)*(12-1) = 209 degrees of freedom; the 0.999 quantile is ~282.
  EXPECT_GT(chi2, 2000);
}

}  // namespace
}  // namespace moce::sim

namespace moce::sim {
namespace {

TEST(WorldConfig, ACategoryKindMayAppearTwiceWithItsOwnParameters) {
  const auto world = test::default_world({{"incidents.categories", "url_latency, url_latency_weak"},
                                          {"category.url_latency_weak.kind", "url_latency"},
                                          {"category.url_latency_weak.kpis", "login_time"},
                                          {"category.url_latency_weak.latency_factor_min", "1.2"},
                                          {"category.url_latency_weak.latency_factor_max", "1.5"},
                                          {"category.url_latency_weak.fraction_min", "0.2"},
                                          {"category.url_latency_weak.fraction_max", "0.3"}});
  ASSERT_EQ(world.categories.size(), 2u);
  EXPECT_EQ(world.categories[1].category, Category::kUrlLatency);
  for (auto& p : plan_incidents(world, 4, 10)) {
    if (p.spec.category != "url_latency_weak") continue;
    EXPECT_EQ(p.spec.id.rfind("url_latency_weak-", 0), 0u);
    EXPECT_EQ(p.spec.kpi, "login_time");
    EXPECT_GE(p.faults[0].latency_factor, 1.2);
    EXPECT_LE(p.faults[0].latency_factor, 1.5);
    EXPECT_GE(p.faults[0].fraction, 0.2);
    EXPECT_LE(p.faults[0].fraction, 0.3);
  }
  std::string e;
  try {
    test::default_world({{"incidents.categories", "url_latency, slow_urls"}, {"category.slow_urls.kind", "slowness"},
                         {"category.slow_urls.kpis", "login_time"}});
  } catch (const ConfigError& error) {
    e = error.what();
  }
  EXPECT_NE(e.find("config key 'category.slow_urls.kind'"), std::string::npos) << e;
  EXPECT_NE(e.find("unknown category 'slowness'"), std::string::npos) << e;
}

}  // namespace
}  // namespace moce::sim
