// The hard categories, on both worlds (configs/world_default.ini and configs/world_alt.ini, with the
// drift and load noise on): every cause's sessions shift beyond history, a decoy shifts its own
// metric, a combination's pair shifts more than either value, a correlated device's os shifts too,
// a null incident shows no shift beyond its history's own drift.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "sim_test_support.hpp"

namespace moce::sim {
namespace {

constexpr std::uint64_t kSeed = 21;
constexpr std::int64_t kSessions = 8000;
constexpr int kPerCategory = 2;

struct Drawn {
  World world;
  std::vector<std::pair<IncidentPlan, Telemetry>> incidents;
};

const Drawn& drawn(const std::string& file) {
  static std::map<std::string, Drawn> cache;
  auto it = cache.find(file);
  if (it == cache.end()) {
    it = cache.emplace(file, Drawn{test::world_from(file, {{"incidents.categories", test::kAllCategories}}), {}}).first;
    it->second.incidents = test::draw_all(it->second.world, kSeed, kPerCategory, kSessions);
  }
  return it->second;
}

// The params value of `key` ("" if absent).
std::string param(const IncidentPlan& p, const std::string& key) {
  const auto& s = p.spec.params;
  for (std::size_t at = 0; at < s.size();) {
    auto end = s.find(';', at);
    if (end == std::string::npos) end = s.size();
    const auto item = s.substr(at, end - at);
    if (item.rfind(key + "=", 0) == 0) return item.substr(key.size() + 1);
    at = end + 1;
  }
  return "";
}

bool holds(const Telemetry& t, std::size_t s, const std::vector<AttributeValue>& where) {
  return std::all_of(where.begin(), where.end(),
                     [&](auto& x) { return t.attributes[static_cast<std::size_t>(x.first)][s] == x.second; });
}

// Welch z (worse = positive) and oriented mean difference of the KPI, anomaly vs history, over
// the sessions `keep` selects.
struct Shift {
  double z = 0, diff = 0, n_anomaly = 0;
};
template <class Keep>
Shift shift(const IncidentPlan& p, const Telemetry& t, Keep keep) {
  const auto& v = t.kpis[static_cast<std::size_t>(p.kpi)];
  auto window = [&](const TimeWindow& w) {
    return [&, w](std::size_t s) { return t.start[s] >= w.start && t.start[s] < w.end && keep(s); };
  };
  const auto h = test::moments(v, window(p.spec.historical)), a = test::moments(v, window(p.spec.anomaly));
  const double sign = p.spec.higher_is_better ? -1 : 1;
  return {test::welch_z(a, h) * sign, (a.mean - h.mean) * sign, a.n};
}

void EveryCategoryIsDrawnAndItsTruthParses(const std::string& file) {
  std::set<std::string> seen;
  for (auto& [p, t] : drawn(file).incidents) {
    seen.insert(p.spec.category);
    EXPECT_EQ(parse_truth(join_truth(p.spec.truth), p.spec.id), p.spec.truth);
    EXPECT_EQ(p.spec.truth.size(), p.causes()) << p.spec.id;
    EXPECT_EQ(static_cast<std::int64_t>(t.num_sessions()), p.sessions(kSessions));
  }
  EXPECT_EQ(seen.size(), 14u);
}

void EveryCausesSessionsShiftBeyondTheFloor(const std::string& file) {
  const auto& d = drawn(file);
  for (auto& [p, t] : d.incidents) {
    SCOPED_TRACE(p.spec.id + " " + p.spec.kpi + " " + p.spec.params);
    std::size_t cause = 0;
    for (auto& f : p.faults) {
      if (f.decoy) continue;
      // The cause's group, recomputed from the sessions' attributes and events (a trigger
      // pattern's group is the generator's record: the sessions where the pattern occurred).
      const auto bit = cause++;
      auto called = [&](std::size_t s) {
        const auto url = d.world.requests[static_cast<std::size_t>(f.request)].url_code;
        for (auto e = t.offsets[s]; e < t.offsets[s + 1]; ++e)
          if (t.url[static_cast<std::size_t>(e)] == url) return true;
        return false;
      };
      auto group = [&](std::size_t s) {
        if (!holds(t, s, p.alert)) return false;
        if (f.kind == FaultKind::kPattern) return (t.cause[s] >> bit & 1) != 0;
        if (f.kind == FaultKind::kUrl) return called(s);
        if (f.kind == FaultKind::kLifecycle) {
          const bool stage = f.lifecycle == 1 ? t.session_index[s] == 1 : t.session_index[s] >= f.returning_min_index;
          return stage && holds(t, s, f.where);
        }
        return holds(t, s, f.where);
      };
      // Integer rounding in the redraw's sums moves z by far less than 0.05.
      EXPECT_GT(shift(p, t, group).z, d.world.min_effect_z - 0.05);
      const double recorded = std::stod(param(p, bit == 0 ? "z" : cat("cause", bit + 1, "_z")));
      EXPECT_NEAR(shift(p, t, group).z, recorded, 0.05 * std::abs(recorded) + 0.05);
    }
  }
}

void DecoyShiftsItsOwnMetric(const std::string& file) {
  const auto& d = drawn(file);
  int decoys = 0;
  for (auto& [p, t] : d.incidents) {
    for (auto& f : p.faults) {
      if (!f.decoy) continue;
      SCOPED_TRACE(p.spec.id + " " + p.spec.params);
      ++decoys;
      // The decoy's own metric: latency or failure share of its responses (the URL's, or every
      // response of its cohort's sessions), anomaly vs history.
      const bool latency = f.latency_factor > 1;
      std::vector<double> values;
      std::vector<std::uint8_t> anomaly;
      for (std::size_t s = 0; s < t.num_sessions(); ++s) {
        if (f.kind == FaultKind::kCohort && !holds(t, s, f.where)) continue;
        const bool in_anomaly = t.start[s] >= p.spec.anomaly.start;
        for (auto e = t.offsets[s]; e < t.offsets[s + 1]; ++e) {
          const auto i = static_cast<std::size_t>(e);
          if (t.status[i] < 0 || (f.kind == FaultKind::kUrl && t.url[i] != d.world.requests[static_cast<std::size_t>(f.request)].url_code))
            continue;
          if (latency && (t.status[i] != 0)) continue;
          values.push_back(latency ? std::log(t.latency_ms[i]) : (t.status[i] != 0 ? 1.0 : 0.0));
          anomaly.push_back(in_anomaly ? 1 : 0);
        }
      }
      const auto a = test::moments(values, [&](std::size_t i) { return anomaly[i] != 0; });
      const auto h = test::moments(values, [&](std::size_t i) { return anomaly[i] == 0; });
      EXPECT_GT(test::welch_z(a, h), 3.0) << "anomaly " << a.mean << " (n=" << a.n << ") vs history " << h.mean;
    }
  }
  EXPECT_EQ(decoys, kPerCategory);
}

void CombinationPairShiftsMoreThanEitherValue(const std::string& file) {
  for (auto& [p, t] : drawn(file).incidents) {
    if (p.spec.category != "combination") continue;
    SCOPED_TRACE(p.spec.id + " " + p.spec.params);
    const auto& where = p.faults.at(0).where;
    ASSERT_EQ(where.size(), 2u);
    EXPECT_NE(p.spec.truth[0].find('&'), std::string::npos);
    const auto pair = shift(p, t, [&](std::size_t s) { return holds(t, s, p.alert) && holds(t, s, where); });
    for (auto& one : where) {
      const auto single = shift(p, t, [&](std::size_t s) { return holds(t, s, p.alert) && holds(t, s, {one}); });
      EXPECT_GT(pair.diff, single.diff) << "pair " << pair.diff << " vs single " << single.diff;
      EXPECT_GT(single.diff, 0) << "a single value shows the diluted shift";
    }
  }
}

void CorrelatedDeviceMovesItsOsToo(const std::string& file) {
  const auto& d = drawn(file);
  for (auto& [p, t] : d.incidents) {
    if (p.spec.category != "correlated_attribute") continue;
    SCOPED_TRACE(p.spec.id + " " + p.spec.params);
    // params: correlated=<attribute>:<value>@<share of that value held by the device>
    const auto along = param(p, "correlated");
    const auto colon = along.find(':'), at = along.rfind('@');
    const auto& names = d.world.attributes;
    const auto a = std::find_if(names.begin(), names.end(), [&](auto& x) { return x.name == along.substr(0, colon); });
    ASSERT_NE(a, names.end()) << along;
    const auto code = d.world.attribute_dicts[static_cast<std::size_t>(a - names.begin())]->find(along.substr(colon + 1, at - colon - 1));
    const double share = std::stod(along.substr(at + 1));
    EXPECT_GE(share, 0.5);
    EXPECT_LT(share, 1.0);
    const AttributeValue os{static_cast<int>(a - names.begin()), code};
    const auto device = shift(p, t, [&](std::size_t s) { return holds(t, s, p.alert) && holds(t, s, p.faults[0].where); });
    const auto other = shift(p, t, [&](std::size_t s) { return holds(t, s, p.alert) && holds(t, s, {os}); });
    // The os holds the device's sessions plus others: its shift is the device's, diluted by about
    // the device's share.
    EXPECT_GT(other.diff, 0.3 * share * device.diff) << "os " << other.diff << " vs device " << device.diff;
    EXPECT_LT(other.diff, device.diff);
    EXPECT_GT(other.z, 1.5);
  }
}

void NullIncidentShowsNoShiftBeyondItsHistorysDrift(const std::string& file) {
  for (auto& [p, t] : drawn(file).incidents) {
    if (p.spec.category != "null") continue;
    SCOPED_TRACE(p.spec.id + " " + p.spec.kpi);
    EXPECT_TRUE(p.spec.truth.empty());
    for (std::size_t s = 0; s < t.num_sessions(); ++s) ASSERT_EQ(t.fault[s] | t.cause_reached[s], 0);
    const auto& v = t.kpis[static_cast<std::size_t>(p.kpi)];
    const auto& h = p.spec.historical;
    const double mid = (h.start + h.end) / 2;
    auto in = [&](double lo, double hi) { return [&, lo, hi](std::size_t s) { return t.start[s] >= lo && t.start[s] < hi && holds(t, s, p.alert); }; };
    const double drift = test::welch_z(test::moments(v, in(mid, h.end)), test::moments(v, in(h.start, mid)));
    const double z = test::welch_z(test::moments(v, in(p.spec.anomaly.start, p.spec.anomaly.end)),
                                   test::moments(v, in(h.start, h.end)));
    // Chance (|z| < 4, two-sided p = 6e-5) plus the drift the history itself shows.
    EXPECT_LT(std::abs(z), 4.0 + std::abs(drift)) << "drift between the history's halves: " << drift;
  }
}

void AboutOneAlertInFiveIsOnACohortThatKeepsItsSessions(const std::string& file) {
  const auto& d = drawn(file);
  const auto plans = plan_incidents(d.world, 3, 36);
  double alerted = 0;
  for (auto& p : plans) alerted += p.spec.cohort.empty() ? 0 : 1;
  // Binomial(504, 0.2) within 4 sd, less the incidents whose cause leaves no eligible cohort.
  EXPECT_GT(alerted / static_cast<double>(plans.size()), 0.2 - 4 * std::sqrt(0.16 / 504) - 0.05);
  EXPECT_LT(alerted / static_cast<double>(plans.size()), 0.2 + 4 * std::sqrt(0.16 / 504));
  const WorldStats stats(d.world);
  for (auto& [p, t] : d.incidents) {
    if (p.alert.empty()) continue;
    SCOPED_TRACE(p.spec.id + " " + p.spec.cohort);
    double in = 0;
    for (std::size_t s = 0; s < t.num_sessions(); ++s) in += holds(t, s, p.alert) ? 1 : 0;
    const double share = stats.share(p.alert[0].first, p.alert[0].second);
    EXPECT_GT(in, 0.8 * kSessions * std::min(1.0, d.world.max_traffic_scale * share));
  }
}

// One test per world: drawing the incidents is the costly part, and ctest runs each test in its
// own process.
class HardCategories : public ::testing::TestWithParam<std::string> {};

TEST_P(HardCategories, EachMovesWhatItShould) {
  {
    SCOPED_TRACE("EveryCategoryIsDrawnAndItsTruthParses");
    EveryCategoryIsDrawnAndItsTruthParses(GetParam());
  }
  {
    SCOPED_TRACE("EveryCausesSessionsShiftBeyondTheFloor");
    EveryCausesSessionsShiftBeyondTheFloor(GetParam());
  }
  {
    SCOPED_TRACE("DecoyShiftsItsOwnMetric");
    DecoyShiftsItsOwnMetric(GetParam());
  }
  {
    SCOPED_TRACE("CombinationPairShiftsMoreThanEitherValue");
    CombinationPairShiftsMoreThanEitherValue(GetParam());
  }
  {
    SCOPED_TRACE("CorrelatedDeviceMovesItsOsToo");
    CorrelatedDeviceMovesItsOsToo(GetParam());
  }
  {
    SCOPED_TRACE("NullIncidentShowsNoShiftBeyondItsHistorysDrift");
    NullIncidentShowsNoShiftBeyondItsHistorysDrift(GetParam());
  }
  {
    SCOPED_TRACE("AboutOneAlertInFiveIsOnACohortThatKeepsItsSessions");
    AboutOneAlertInFiveIsOnACohortThatKeepsItsSessions(GetParam());
  }
}

INSTANTIATE_TEST_SUITE_P(Worlds, HardCategories, ::testing::Values("world_default.ini", "world_alt.ini"),
                         [](const auto& info) { return info.param == "world_default.ini" ? std::string("Default") : std::string("Alt"); });

}  // namespace
}  // namespace moce::sim
