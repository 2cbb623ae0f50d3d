// Experts 3-8 (differential diagnosis on URL statistics): the faulty URL first for each of the
// six, silence on a null incident, the numbers of a hand-worked case, the permutation budget.
#include "experts/url/url_differential.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "experts/core/registry.hpp"
#include "operators/stats/welch_t_test.hpp"
#include "tests/experts_url/url_incident.hpp"
#include "tests/support/test_support.hpp"

namespace moce::experts {
namespace {

using test::IncidentBuilder;

const std::vector<std::string> kDuration = {"url_mean_duration", "url_p75_duration", "url_p95_duration"};
const std::vector<std::string> kFailures = {"url_mean_failures", "url_p75_failures", "url_p95_failures"};

std::vector<Leads> run_all(const std::vector<std::string>& names, const IncidentBuilder& b,
                           const Config* config = nullptr) {
  test::TempDir dir;
  auto input = b.open(dir.path().string());
  std::vector<Leads> out;
  for (const auto& name : names) out.push_back(test::run_expert(*builtin_registry().make(name, config), input));
  return out;
}

TEST(UrlDifferential, SlowUrlRanksFirst) {
  test::UrlIncident incident;
  incident.faulty_url = "/api/login/d";
  incident.latency_factor = 3;
  incident.fault_fraction = 0.5;  // half the sessions: mean, p75 and p95 all move
  const auto all = run_all(kDuration, incident.builder());
  for (std::size_t e = 0; e < all.size(); ++e) {
    ASSERT_FALSE(all[e].empty()) << kDuration[e];
    EXPECT_EQ(test::rank_of(all[e], "url:/api/login/d"), 1u) << kDuration[e];
    EXPECT_EQ(test::rank_of(all[e], "url:/api/home"), 0u) << kDuration[e];  // outside the flow context
    EXPECT_EQ(all[e].leads[0].evidence.get("urls_tested"), 4) << kDuration[e];
  }
}

TEST(UrlDifferential, FailingUrlRanksFirst) {
  test::UrlIncident incident;
  incident.success_kpi = true;
  incident.faulty_url = "/api/login/a";
  incident.fault_failure = 0.7;
  incident.fault_fraction = 0.6;  // 42% of the anomaly sessions fail it: above p75's 25%
  const auto all = run_all(kFailures, incident.builder());
  for (std::size_t e = 0; e < all.size(); ++e) {
    ASSERT_FALSE(all[e].empty()) << kFailures[e];
    EXPECT_EQ(test::rank_of(all[e], "url:/api/login/a"), 1u) << kFailures[e];
  }
}

TEST(UrlDifferential, NullIncidentGivesNoLead) {
  for (std::uint64_t seed : {3, 4}) {
    test::UrlIncident incident;
    incident.seed = seed;
    incident.base_failure = 0.1;  // failures to test, but no change
    std::vector<std::string> names = kDuration;
    names.insert(names.end(), kFailures.begin(), kFailures.end());
    const auto all = run_all(names, incident.builder());
    for (std::size_t e = 0; e < all.size(); ++e) EXPECT_TRUE(all[e].empty()) << names[e] << " seed " << seed;
  }
}

TEST(UrlDifferential, HandWorkedNumbers) {
  const auto all = run_all({"url_mean_duration", "url_p95_duration"}, test::two_url_incident());
  // Historical /a: mean 115, unbiased variance 125 * 40/39; anomaly: mean 245, variance 825 * 20/19.
  const double var_h = 125.0 * 40 / 39, var_a = 825.0 * 20 / 19;
  const double d = 130 / std::sqrt((var_h + var_a) / 2);
  ASSERT_EQ(all[0].size(), 1u);
  const Lead& mean = all[0].leads[0];
  EXPECT_EQ(mean.id, "url:/a");
  EXPECT_DOUBLE_EQ(mean.evidence.get("hist_mean"), 115);
  EXPECT_DOUBLE_EQ(mean.evidence.get("anomaly_mean"), 245);
  EXPECT_NEAR(mean.evidence.get("effect_size"), d, 1e-9);
  EXPECT_NEAR(mean.confidence, 1 - std::exp(-d / 0.5), 1e-12);
  const double welch = WelchTTest().run(SampleSummary{20, 245, var_a}, SampleSummary{40, 115, var_h}).p_greater;
  EXPECT_NEAR(mean.evidence.get("p"), welch, 1e-15);
  EXPECT_NEAR(mean.evidence.get("p_bonferroni"), 2 * welch, 1e-15);  // two URLs tested

  // p95 (numpy's linear interpolation): historical h = 39 * 0.95 = 37.05 -> 130; anomaly
  // sorted 200,200,210,210,...,290,290: h = 19 * 0.95 = 18.05 -> 290.
  ASSERT_EQ(all[1].size(), 1u);
  const Lead& p95 = all[1].leads[0];
  EXPECT_DOUBLE_EQ(p95.evidence.get("hist_p95"), 130);
  EXPECT_DOUBLE_EQ(p95.evidence.get("anomaly_p95"), 290);
  // Exceedance test: the historical 38th of 40 values (ceil(0.95 * 40)) is 130; all 20 anomaly
  // values lie above it. Only the arrangements with every anomaly value after the 38th historical
  // one do that: C(2 + 20, 20) = 231 of the C(60, 20) = 4191844505805495 equally likely ones.
  EXPECT_DOUBLE_EQ(p95.evidence.get("hist_threshold"), 130);
  EXPECT_EQ(p95.evidence.get("anomaly_above"), 20);
  EXPECT_NEAR(p95.evidence.get("expected_above"), 20.0 * 3 / 41, 1e-12);
  EXPECT_NEAR(p95.evidence.get("p"), 231.0 / 4191844505805495.0, 1e-9 * 231.0 / 4191844505805495.0);
}

TEST(UrlDifferential, NamesFamiliesKinds) {
  for (const auto& name : kDuration) {
    auto e = builtin_registry().make(name, nullptr);
    EXPECT_EQ(e->name(), name);
    EXPECT_EQ(e->info().family, "url_differential");
    EXPECT_TRUE(e->info().serves(KpiKind::kReal));
    EXPECT_FALSE(e->info().serves(KpiKind::kBinary));
  }
  for (const auto& name : kFailures) {
    auto e = builtin_registry().make(name, nullptr);
    EXPECT_EQ(e->name(), name);
    EXPECT_EQ(e->info().family, "url_differential");
    EXPECT_TRUE(e->info().serves(KpiKind::kBinary));
  }
}

}  // namespace
}  // namespace moce::experts
