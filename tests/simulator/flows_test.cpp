// Client sessions obey their flows' pattern graphs: retries <= max_retries, timeouts honoured,
// a backup called only after its primary failed, and events in time order.
#include <gtest/gtest.h>

#include <map>

#include "sim_test_support.hpp"

namespace moce::sim {
namespace {

constexpr std::int32_t kOk = 0, kError = 1, kTimeout = 2;

TEST(Flows, SessionsObeyThePatternGraphs) {
  // Incidents of every category, with a higher failure level so retries and backups are common.
  const auto world = test::default_world({{"load.error_gain", "8"}});
  std::map<std::int32_t, const RequestSpec*> by_url;
  std::map<std::int32_t, std::int32_t> primary_of;  // backup url -> primary url
  for (auto& r : world.requests) by_url[r.url_code] = &r;
  for (auto& r : world.requests)
    if (r.backup >= 0) primary_of[world.requests[static_cast<std::size_t>(r.backup)].url_code] = r.url_code;
  std::map<std::int32_t, int> flow_of_start, flow_of_end;
  for (std::size_t f = 0; f < world.flows.size(); ++f) {
    flow_of_start[world.flows[f].start_event] = static_cast<int>(f);
    flow_of_end[world.flows[f].end_event] = static_cast<int>(f);
  }
  std::int64_t backups = 0, timeouts = 0, retries = 0, flows = 0;
  for (auto& plan : plan_incidents(world, 2, 1)) {
    const auto t = test::generate(world, plan, 2, 1500);
    for (std::size_t s = 0; s < t.num_sessions(); ++s) {
      const auto b = static_cast<std::size_t>(t.offsets[s]), e = static_cast<std::size_t>(t.offsets[s + 1]);
      ASSERT_EQ(t.event[b], world.ev.session_start);
      ASSERT_EQ(t.event[e - 1], world.ev.session_end);
      int flow = -1;
      std::map<std::int32_t, int> attempts, failures;   // per url, in the current flow run
      std::map<std::int32_t, double> last_request;      // per url: time of its latest request
      for (std::size_t i = b; i < e; ++i) {
        ASSERT_EQ(t.ev_session[i], static_cast<std::int64_t>(s));
        if (i > b) {
          ASSERT_LE(t.ts[i - 1], t.ts[i]) << "events out of time order";
        }
        const auto ev = t.event[i];
        if (flow_of_start.count(ev)) {
          ASSERT_EQ(flow, -1) << "flows do not nest";
          flow = flow_of_start[ev];
          attempts.clear();
          failures.clear();
          ++flows;
        } else if (flow_of_end.count(ev)) {
          ASSERT_EQ(flow, flow_of_end[ev]);
          flow = -1;
        } else if (ev == world.ev.request) {
          ASSERT_NE(flow, -1) << "a request outside any flow";
          const auto& spec = *by_url.at(t.url[i]);
          const int n = ++attempts[t.url[i]];
          EXPECT_LE(n, 1 + spec.max_retries) << spec.url;
          retries += n > 1 ? 1 : 0;
          if (primary_of.count(t.url[i]) && n == 1) {
            // The backup runs only once the primary used every attempt and each one failed.
            const auto primary = primary_of[t.url[i]];
            const int tries = 1 + by_url.at(primary)->max_retries;
            EXPECT_EQ(attempts[primary], tries);
            EXPECT_EQ(failures[primary], tries);
            ++backups;
          }
          last_request[t.url[i]] = t.ts[i];
        } else if (ev == world.ev.response) {
          const auto& spec = *by_url.at(t.url[i]);
          EXPECT_LT(t.latency_ms[i], spec.timeout_sec * 1000.0) << spec.url;
          EXPECT_NEAR(t.ts[i] - last_request[t.url[i]], t.latency_ms[i] / 1000.0, 1e-6);
          ASSERT_TRUE(t.status[i] == kOk || t.status[i] == kError);
          failures[t.url[i]] += t.status[i] == kError ? 1 : 0;
        } else if (ev == world.ev.timeout) {
          const auto& spec = *by_url.at(t.url[i]);
          EXPECT_EQ(t.status[i], kTimeout);
          EXPECT_NEAR(t.ts[i] - last_request[t.url[i]], spec.timeout_sec, 1e-6) << spec.url;
          failures[t.url[i]] += 1;
          ++timeouts;
        } else if (ev == world.ev.cors_error) {
          EXPECT_TRUE(by_url.at(t.url[i])->cors);
          failures[t.url[i]] += 1;
        }
      }
      EXPECT_EQ(flow, -1) << "a flow left open";
    }
  }
  // The checks above ran on real retries, timeouts and failovers.
  EXPECT_GT(flows, 10000);
  EXPECT_GT(retries, 100);
  EXPECT_GT(timeouts, 10);
  EXPECT_GT(backups, 50);
}

TEST(Flows, UsersHaveSeveralSessionsInTimeOrderWithGrowingIndex) {
  const auto world = test::default_world();
  const auto plan = plan_incidents(world, 4, 1).front();
  const auto t = test::generate(world, plan, 4, 3000);
  std::int64_t first_time = 0, repeat_users = 0;
  for (std::size_t s = 0; s < t.num_sessions(); ++s) {
    EXPECT_GE(t.session_index[s], 1);
    first_time += t.session_index[s] == 1 ? 1 : 0;
    EXPECT_GE(t.end[s], t.start[s]);
    EXPECT_GE(t.start[s], plan.spec.historical.start);
    EXPECT_LT(t.start[s], plan.spec.anomaly.end);
    if (s > 0 && t.user_id[s] == t.user_id[s - 1]) {
      ++repeat_users;
      EXPECT_EQ(t.session_index[s], t.session_index[s - 1] + 1);
      EXPECT_GE(t.start[s], t.start[s - 1]);
      for (std::size_t a = 0; a < world.attributes.size(); ++a) EXPECT_EQ(t.attributes[a][s], t.attributes[a][s - 1]);
    } else if (s > 0) {
      EXPECT_EQ(t.user_id[s], t.user_id[s - 1] + 1);
    }
  }
  // users.first_time_prob = 0.2 of users; repeat sessions within the window are common.
  EXPECT_GT(first_time, 200);
  EXPECT_LT(first_time, 900);
  EXPECT_GT(repeat_users, 300);
}

}  // namespace
}  // namespace moce::sim
