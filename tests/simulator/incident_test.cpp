// Each incident category moves its KPI in the anomaly window and not in the historical window,
// and the affected fraction matches the injected one.
#include <gtest/gtest.h>

#include <cmath>
#include <set>

#include "sim_test_support.hpp"

namespace moce::sim {
namespace {

constexpr std::uint64_t kSeed = 11;
constexpr std::int64_t kSessions = 16000;
constexpr int kPerCategory = 2;
// One-sided z > 3.5 is p < 2.3e-4: the injected shift is found. A null shift passes |z| < 4
// (two-sided p = 6.3e-5), so the 18 null comparisons fail by chance with probability ~1e-3.
constexpr double kShiftZ = 3.5;
constexpr double kNullZ = 4.0;

struct Outcome {
  IncidentPlan plan;
  Telemetry t;
};

const std::vector<Outcome>& outcomes() {
  static const std::vector<Outcome> all = [] {
    // Affected fractions from [0.5, 1] keep the affected samples large enough for a sharp test;
    // without the load curve's effect and the drift, the historical halves may only differ by
    // chance (Seasonality.LoadCurveSlowsThePeak and the hard-category tests check those effects).
    // Incidents are drawn with a realised floor of z >= 4 in the cause's sessions, so the
    // reached sessions clear 3.5 (cohorts of 5% of the users see few fault-reached sessions).
    const auto world = test::default_world({{"incidents.fraction_min", "0.5"},
                                            {"incidents.min_effect_z", "4"},
                                            {"load.latency_gain", "0"},
                                            {"load.error_gain", "0"},
                                            {"drift.latency_sigma", "0"},
                                            {"drift.error_sigma", "0"},
                                            {"drift.url_latency_sigma", "0"},
                                            {"drift.url_error_sigma", "0"},
                                            {"drift.load_sigma", "0"}});
    static const World kept = world;
    std::vector<Outcome> out;
    for (auto& [plan, t] : test::draw_all(kept, kSeed, kPerCategory, kSessions)) out.push_back({plan, std::move(t)});
    return out;
  }();
  return all;
}

TEST(IncidentCategories, EveryCategoryMovesItsKpiOnlyInTheAnomalyWindow) {
  std::set<std::string> seen;
  for (auto& [plan, t] : outcomes()) {
    SCOPED_TRACE(plan.spec.id + " " + plan.spec.kpi + " " + plan.spec.params);
    seen.insert(plan.spec.category);
    const auto kpi = static_cast<std::size_t>(plan.kpi);
    const auto& values = t.kpis[kpi];
    const double mid = (plan.spec.historical.start + plan.spec.historical.end) / 2;
    auto in_history = [&](std::size_t i) { return t.start[i] < plan.spec.historical.end; };
    auto reached = [&](std::size_t i) { return (t.fault[i] & Telemetry::kReached) != 0; };
    auto first_half = [&](std::size_t i) { return t.start[i] < mid; };
    auto second_half = [&](std::size_t i) { return t.start[i] >= mid && t.start[i] < plan.spec.historical.end; };
    const auto hist = test::moments(values, in_history);
    const auto bad = test::moments(values, reached);
    ASSERT_GT(bad.n, 20) << "too few affected sessions with the KPI";
    // Worse means lower for a higher-is-better KPI.
    const double z = test::welch_z(bad, hist) * (plan.spec.higher_is_better ? -1 : 1);
    EXPECT_GT(z, kShiftZ) << "affected mean " << bad.mean << " (n=" << bad.n << ") vs historical " << hist.mean
                     << " (n=" << hist.n << ")";
    // No session of the historical window is touched, and its two halves agree.
    std::size_t touched = 0;
    for (std::size_t i = 0; i < t.start.size(); ++i) touched += in_history(i) && t.fault[i] != 0 ? 1 : 0;
    EXPECT_EQ(touched, 0u) << "sessions of the historical window carry the fault";
    const double drift = test::welch_z(test::moments(values, first_half), test::moments(values, second_half));
    EXPECT_LT(std::abs(drift), kNullZ) << "historical halves differ";
  }
  EXPECT_EQ(seen.size(), 9u);
}

TEST(IncidentCategories, AffectedFractionMatchesTheInjectedOne) {
  for (auto& [plan, t] : outcomes()) {
    SCOPED_TRACE(plan.spec.id);
    double eligible = 0, selected = 0;
    for (auto f : t.fault) {
      eligible += (f & Telemetry::kEligible) ? 1 : 0;
      selected += (f & Telemetry::kSelected) ? 1 : 0;
    }
    ASSERT_GT(eligible, 30);
    // Binomial: 4.5 standard deviations around the injected fraction.
    const double fraction = plan.faults.at(0).fraction;
    const double sd = std::sqrt(fraction * (1 - fraction) / eligible);
    EXPECT_NEAR(selected / eligible, fraction, 4.5 * sd + 1e-9);
    EXPECT_NE(plan.spec.params.find("fraction="), std::string::npos);
  }
}

TEST(Seasonality, LoadCurveSlowsThePeakAndShapesArrivals) {
  const auto world = test::default_world();
  NetworkModel network(world);
  // 19:00 UTC is the default curve's peak (1.0), 04:00 its trough (0.22); latency_gain 0.6.
  const double day = world.start_time;
  EXPECT_NEAR(network.latency_load(day + 19 * 3600.0), 1.6, 1e-12);
  EXPECT_NEAR(network.latency_load(day + 4 * 3600.0), 1.132, 1e-12);
  // Session arrivals follow the load: a peak hour sees more sessions than a trough hour.
  IncidentPlan plan = plan_incidents(world, 1, 1).front();
  plan.spec.historical = {day, day + 23 * 3600.0};
  plan.spec.anomaly = {day + 23 * 3600.0, day + 24 * 3600.0};
  const auto t = test::generate(world, plan, 1, 6000);
  double peak = 0, trough = 0;
  for (double s : t.start) {
    const double hour = std::floor((s - day) / 3600.0);
    peak += hour == 19 ? 1 : 0;
    trough += hour == 4 ? 1 : 0;
  }
  // Expected ratio is about the loads' ratio (mean over the hour: 0.975 / 0.25 = 3.9).
  EXPECT_GT(peak / trough, 2.5);
  EXPECT_LT(peak / trough, 6.0);
}

TEST(IncidentPlans, TruthIsCanonicalAndChoicesVary) {
  const auto world = test::default_world();
  const auto plans = plan_incidents(world, 3, 36);
  ASSERT_EQ(plans.size(), 9u * 36u);
  std::set<std::string> truths;
  double fraction_min = 1, fraction_max = 0;
  for (auto& p : plans) {
    ASSERT_FALSE(p.spec.truth.empty());
    for (auto& cause : p.spec.truth)
      for (auto& id : split_alternatives(cause)) EXPECT_TRUE(is_canonical_lead_id(id)) << id;
    EXPECT_EQ(parse_truth(join_truth(p.spec.truth), "plan"), p.spec.truth);
    truths.insert(join_truth(p.spec.truth));
    ASSERT_EQ(p.faults.size(), 1u);
    const double fraction = p.faults[0].fraction;
    fraction_min = std::min(fraction_min, fraction);
    fraction_max = std::max(fraction_max, fraction);
    EXPECT_GE(fraction, 0.1);
    EXPECT_LE(fraction, 1.0);
    EXPECT_EQ(p.spec.anomaly.start, p.spec.historical.end);
    EXPECT_DOUBLE_EQ(p.spec.historical.end - p.spec.historical.start, 5 * 3600.0);
  }
  // 324 incidents draw many distinct causes and spread their fractions over [0.1, 1].
  EXPECT_GT(truths.size(), 60u);
  EXPECT_LT(fraction_min, 0.15);
  EXPECT_GT(fraction_max, 0.95);
  // Planning depends on (seed, incident) only.
  const auto again = plan_incidents(world, 3, 36);
  for (std::size_t i = 0; i < plans.size(); ++i) EXPECT_EQ(plans[i].spec, again[i].spec);
}

TEST(IncidentPlans, AppVersionBugBlamesTheVersionWhileItsUrlsLookGuilty) {
  const auto world = test::default_world();
  for (auto& p : plan_incidents(world, 5, 4)) {
    if (p.spec.category != "app_version_bug") continue;
    ASSERT_EQ(p.spec.truth.size(), 1u);
    EXPECT_EQ(p.spec.truth[0].rfind("app_version:", 0), 0u) << p.spec.truth[0];
  }
}

}  // namespace
}  // namespace moce::sim
