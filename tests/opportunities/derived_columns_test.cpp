// Derived attributes and cohort statistics on a hand-built corpus imported from telemetry CSV (the
// path long-range telemetry takes), each checked against a brute-force computation from the
// sessions as written: lifecycle, time, session state, the server-log join, token sequences and
// their n-gram counts, and a crossed cohort's moments.
#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <set>

#include "experts/opportunity/cohort_stats.hpp"
#include "experts/opportunity/derived_columns.hpp"
#include "experts/workflows/session_tables.hpp"
#include "runtime/dag/graph.hpp"
#include "tests/experts_support/incident_builder.hpp"
#include "tests/support/test_support.hpp"

namespace moce::experts::opportunity {
namespace {

constexpr double kT0 = 1.7e9;  // a Tuesday, 22:13 UTC

struct Fixture {
  test::IncidentBuilder builder{"opp", "value", KpiKind::kReal, false};
  std::vector<test::TestSession> sessions;
  std::vector<std::pair<double, std::string>> logs;

  Fixture() {
    builder.attributes({"os"}).kpis({"value"});
    // 8 users with 1..5 sessions each, spread over five days (so hours, nights and a Saturday vary).
    const char* names[] = {"click_a", "click_b", "timeout_error", "click_a"};
    int row = 0;
    for (int u = 0; u < 8; ++u) {
      double t = kT0 + u * 37'000.0;
      for (int k = 0; k < 1 + u % 5; ++k, ++row) {
        test::TestSession s;
        s.start = t;
        s.user = u;
        s.session_index = 1 + (u % 3) + k;  // returning users start above 1
        s.attrs = {u % 2 ? "iOS" : "Android"};
        s.kpi = {static_cast<double>(row)};  // `value` identifies the row
        s.events.push_back({t + 0.5, "session_start"});
        for (int e = 0; e < 2 + (row % 4); ++e) {
          const double ts = t + 1 + e;
          s.events.push_back({ts, names[(row + e) % 4], "", std::nan(""), ""});
          s.events.push_back({ts + 0.1, "response", "/api/x", 100.0 * (e + 1), (row + e) % 3 == 0 ? "error" : "ok"});
        }
        sessions.push_back(s);
        t += 3600.0 * (3 + (row * 7) % 40);
      }
    }
    for (auto& s : sessions) builder.session(s);
    // Error lines in the start minute of every third session, plus background noise lines.
    for (std::size_t i = 0; i < sessions.size(); i += 3) {
      logs.push_back({sessions[i].start + 5, "error"});
      logs.push_back({sessions[i].start + 10, "error"});
      logs.push_back({sessions[i].start + 20, "notice"});
    }
    for (auto& [ts, level] : logs) builder.log(ts, level, "template " + level);
  }
};

double brute(const std::string& column, const std::vector<test::TestSession>& ss,
             const std::vector<std::pair<double, std::string>>& logs, std::size_t i) {
  const auto& s = ss[i];
  const double hour = std::floor(std::fmod(s.start, 86400.0) / 3600.0);
  if (column == "session_index") return static_cast<double>(s.session_index);
  if (column == "inactive_hours")
    return i > 0 && ss[i - 1].user == s.user ? (s.start - ss[i - 1].start) / 3600.0 : std::nan("");
  if (column == "hour") return hour;
  if (column == "night") return hour < 9 || hour > 21;
  if (column == "weekend") {
    const auto day = static_cast<std::int64_t>(std::floor(s.start / 86400.0));
    return (day + 4) % 7 == 0 || (day + 4) % 7 == 6;
  }
  if (column == "duration_sec") {
    double end = s.start + 1;
    for (auto& e : s.events) end = std::max(end, e.ts);
    return end - s.start;
  }
  double v = 0;
  for (auto& e : s.events) {
    if (column == "retries") v += e.status == "error" || e.status == "timeout";
    if (column == "waiting_sec" && !std::isnan(e.latency_ms)) v += e.latency_ms / 1000;
  }
  if (column == "log_errors") {
    for (auto& [ts, level] : logs) v += level == "error" && std::floor(ts / 60) == std::floor(s.start / 60);
  }
  return v;
}

TEST(DerivedColumns, MatchBruteForceOnAnImportedCorpus) {
  test::TempDir dir;
  Fixture f;
  const auto input = f.builder.open(dir.path().string());
  Graph graph;
  auto shard = graph.call(LoadShard{&input});
  auto logs = graph.call(LoadLogs{&input});
  const auto s = graph.get(shard);
  ASSERT_EQ(s->sessions.num_rows(), f.sessions.size());
  const auto value = s->sessions.column("value").reals();
  for (const char* column : {"session_index", "inactive_hours", "hour", "night", "weekend", "duration_sec", "retries",
                             "waiting_sec", "log_errors"}) {
    const auto got = graph.get(graph.call(DerivedColumn{&input, column}, shard, logs));
    ASSERT_EQ(got->size(), f.sessions.size()) << column;
    int defined = 0;
    for (std::size_t r = 0; r < got->size(); ++r) {
      const auto i = static_cast<std::size_t>(value[r]);  // the row as written
      const double want = brute(column, f.sessions, f.logs, i);
      if (std::isnan(want)) {
        EXPECT_TRUE(std::isnan((*got)[r])) << column << " row " << i;
      } else {
        EXPECT_NEAR((*got)[r], want, 1e-6) << column << " row " << i;
        ++defined;
      }
    }
    EXPECT_GT(defined, 0) << column;
  }
  // The load quantile: the share of the range's hours with fewer starts than the session's hour.
  const auto load = graph.get(graph.call(DerivedColumn{&input, "load_quantile"}, shard, logs));
  for (std::size_t r = 0; r < load->size(); ++r) EXPECT_TRUE(std::isnan((*load)[r]) || ((*load)[r] >= 0 && (*load)[r] < 1));
}

TEST(DerivedColumns, TokensGramsAndCrossedMomentsMatchBruteForce) {
  test::TempDir dir;
  Fixture f;
  const auto input = f.builder.open(dir.path().string());
  Graph graph;
  auto shard = graph.call(LoadShard{&input});
  auto kpi = graph.call(LoadKpi{&input, "value", -1}, shard);
  auto tokens = graph.call(Tokenize{"event", {"response", "*_start"}}, shard);
  std::vector<Lazy<CohortTable>> parts{graph.call(GramStats{2, 1, {}, &input}, tokens, kpi)};
  const auto reduced = graph.get(graph.call(ReduceTables{&input}, parts));
  const auto* grams = &reduced->at(0);
  // Brute force: sessions holding each 2-gram of their non-ignored events, and their values' sum.
  std::map<std::string, std::pair<std::int64_t, double>> want;
  for (std::size_t i = 0; i < f.sessions.size(); ++i) {
    std::vector<std::string> seq;
    for (auto& e : f.sessions[i].events)
      if (e.event != "response" && e.event != "session_start") seq.push_back(e.event);
    std::set<std::string> held;
    for (std::size_t j = 0; j + 1 < seq.size(); ++j) held.insert("pattern:" + seq[j] + ">" + seq[j + 1]);
    for (auto& g : held) {
      ++want[g].first;
      want[g].second += f.sessions[i].kpi[0];
    }
  }
  ASSERT_EQ(grams->cohorts.size(), want.size());
  for (std::size_t c = 0; c < grams->cohorts.size(); ++c) {
    ASSERT_TRUE(want.count(grams->cohorts[c])) << grams->cohorts[c];
    EXPECT_EQ(grams->moments[c].n, want[grams->cohorts[c]].first) << grams->cohorts[c];
    EXPECT_NEAR(static_cast<double>(grams->moments[c].sum) / graph.get(kpi)->scale, want[grams->cohorts[c]].second,
                1e-9)
        << grams->cohorts[c];
  }
  // night crossed with os: sessions, sum of `value` and distinct users per os value.
  auto column = graph.call(DerivedColumn{&input, "night"}, shard, graph.call(LoadLogs{&input}));
  const Atom night{Template::kIndirect, "night", Atom::Op::kAtLeast, 1, 0};
  std::vector<Lazy<std::vector<std::uint8_t>>> masks{graph.call(AtomMask{night}, column)};
  auto value = graph.call(LoadKpi{&input, "value", -1}, shard);
  std::vector<Lazy<CohortTable>> cross{graph.call(CrossStats{{night.name()}, "os", &input}, masks, shard, value)};
  const auto cross_reduced = graph.get(graph.call(ReduceTables{&input}, cross));
  const auto* table = &cross_reduced->at(0);
  std::map<std::string, std::tuple<std::int64_t, double, std::set<std::int64_t>>> by_os;
  for (std::size_t i = 0; i < f.sessions.size(); ++i) {
    if (!brute("night", f.sessions, f.logs, i)) continue;
    auto& [n, sum, users] = by_os["night & os=" + f.sessions[i].attrs[0]];
    ++n;
    sum += f.sessions[i].kpi[0];
    users.insert(f.sessions[i].user);
  }
  const auto kv = graph.get(value);
  int checked = 0;
  for (std::size_t c = 0; c < table->cohorts.size(); ++c) {
    auto& [n, sum, users] = by_os[table->cohorts[c]];
    EXPECT_EQ(table->moments[c].n, n) << table->cohorts[c];
    EXPECT_NEAR(static_cast<double>(table->moments[c].sum) / kv->scale, sum, 1e-9) << table->cohorts[c];
    EXPECT_EQ(table->moments[c].users, static_cast<std::int64_t>(users.size())) << table->cohorts[c];
    checked += n > 0;
  }
  EXPECT_EQ(checked, 2);
  // The same call again is the same node (hash-consing): no new node.
  const auto before = graph.size();
  graph.call(AtomMask{night}, graph.call(DerivedColumn{&input, "night"}, shard, graph.call(LoadLogs{&input})));
  EXPECT_EQ(graph.size(), before);
}

TEST(DerivedColumns, UserAlignedSharesKeepUsersTogether) {
  const std::vector<std::int64_t> users{0, 0, 0, 0, 1, 1, 2, 2, 2, 3};
  // Blocks of 10 over 3 ranks are [0,3) [3,6) [6,10); a boundary inside a user's run of rows moves
  // to the row where the next user starts (3 -> 4), one between users stays (6).
  for (int r = 0; r < 3; ++r) {
    const Share block = block_share(10, r, 3), got = user_aligned_share(users, r, 3);
    EXPECT_EQ(got.begin, block.begin == 3 ? 4 : block.begin) << r;
    EXPECT_EQ(got.end, block.end == 3 ? 4 : block.end) << r;
  }
  EXPECT_EQ(block_share(10, 0, 3).end, 3);
  EXPECT_EQ(block_share(10, 1, 3).end, 6);
}

}  // namespace
}  // namespace moce::experts::opportunity
