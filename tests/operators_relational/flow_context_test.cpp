// FlowContext: windows between flow start/end events, in the anomaly window and the cohort.
#include "operators/stateful/flow_context.hpp"

#include <gtest/gtest.h>

#include "operators/relational/predicate.hpp"
#include "operators/stateful/sequencify.hpp"
#include "tests/operators_relational/sessions.hpp"

namespace moce {
namespace {

Relation sessions_of(std::vector<std::int32_t> isp) {
  auto dict = std::make_shared<const Dictionary>(std::vector<std::string>{"ISP-1", "ISP-3"}, "isp");
  Relation s;
  s.add("isp", Column::categorical(std::move(isp), dict));
  return s;
}

// open=0 login_start=1 request=2 response=3 login_end=4 error=5 click=6 close=7
Sequence hand_events() {
  Relation t;
  t.add("session", Column::int64({0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 2, 2, 2, 2, 2, 2}));
  t.add("ts", Column::real({1, 2, 3, 4, 5, 6, 7, 8, 1, 2, 3, 50, 55, 60, 150, 160, 170}));
  t.add("event", Column::categorical({0, 1, 2, 4, 6, 1, 3, 7, 1, 2, 4, 1, 1, 4, 1, 4, 7}, test::event_dictionary()));
  return Sequencify("session", "ts").run(t, 3);
}

TEST(FlowContext, WindowsOnHandSessions) {
  Sequence events = hand_events();
  FlowContext login("login_start", "login_end", 0, 100, "isp=ISP-3");
  auto w = login.windows(events, sessions_of({1, 0, 1}));
  // Session 0: [login_start@2 .. login_end@4] = rows 1..3, and an unfinished flow from row 5 to
  // the session's end; session 1 is outside the cohort; session 2: a nested start stays in the
  // first window (rows 11..13), and the flow at t=150 starts after the anomaly window.
  EXPECT_EQ(w, (std::vector<FlowWindow>{{0, 1, 4}, {0, 5, 8}, {2, 11, 14}}));
  Sequence s = login.run(events, sessions_of({1, 0, 1}));
  EXPECT_EQ(std::vector<std::int64_t>(s.offsets().begin(), s.offsets().end()), (std::vector<std::int64_t>{0, 6, 6, 9}));
  EXPECT_EQ(s.rows().column("ts").reals()[3], 6.0);

  // Everyone, and an anomaly window that only the t=150 flow starts in.
  EXPECT_EQ(FlowContext("login_start", "login_end", 100, 200, "").windows(events, sessions_of({1, 0, 1})),
            (std::vector<FlowWindow>{{2, 14, 16}}));
}

TEST(FlowContext, AnyOfSeveralEndEventsClosesTheFlow) {
  // With `response` also an end, session 0's second flow (rows 5..) closes at the response in
  // row 6 instead of running to the session's end; the other windows end at login_end as before.
  // An end event missing from the dictionary ("nope") closes nothing.
  Sequence events = hand_events();
  const std::vector<FlowWindow> want = {{0, 1, 4}, {0, 5, 7}, {1, 8, 11}, {2, 11, 14}};
  EXPECT_EQ(FlowContext("login_start", std::vector<std::string>{"login_end", "response", "nope"}, 0, 100, "")
                .windows(events, sessions_of({1, 0, 1})),
            want);
  EXPECT_EQ(FlowContext("login_start", {"login_end", "response"}, 0, 100, "").windows(events, sessions_of({1, 0, 1})),
            want);
  EXPECT_EQ(FlowContext("login_start", "login_end", 0, 100, "").windows(events, sessions_of({1, 0, 1}))[1],
            (FlowWindow{0, 5, 8}));
}

TEST(FlowContext, NoFlowMeansTheSessionInsideTheAnomalyWindow) {
  Sequence events = hand_events();
  auto w = FlowContext("", "", 3, 56, "").windows(events, sessions_of({1, 0, 1}));
  EXPECT_EQ(w, (std::vector<FlowWindow>{{0, 2, 8}, {1, 10, 11}, {2, 11, 13}}));
}

TEST(FlowContext, UnknownEventsAndBadInput) {
  Sequence events = hand_events();
  // A start event missing from the dictionary is an error, not a clean result of no windows.
  EXPECT_THROW(FlowContext("checkout_start", "checkout_end", 0, 1e9, "").windows(events, sessions_of({1, 0, 1})),
               Error);
  // An unknown end event: every flow runs to its session's end.
  EXPECT_EQ(FlowContext("login_start", "nope", 0, 10, "").windows(events, sessions_of({1, 0, 1})),
            (std::vector<FlowWindow>{{0, 1, 8}, {1, 8, 11}}));
  EXPECT_THROW(FlowContext("a", "b", 0, 1, "isp"), InputError);
  EXPECT_THROW(FlowContext("login_start", "login_end", 0, 1, "").windows(events, sessions_of({1, 0})), Error);
}

TEST(FlowContext, MatchesScanForNextEndOnRandomSessions) {
  const std::int64_t n = 60;
  Sequence events = Sequencify("session", "ts").run(test::random_events(61, n), n);
  std::vector<std::int32_t> isp(static_cast<std::size_t>(n));
  for (std::size_t i = 0; i < isp.size(); ++i) isp[i] = static_cast<std::int32_t>(i % 3 == 0);
  Relation sessions = sessions_of(isp);
  const double t0 = 20, t1 = 70;
  std::vector<FlowWindow> want;
  auto offsets = events.offsets();
  auto code = events.rows().column("event").codes();
  auto ts = events.rows().column("ts").reals();
  for (std::int64_t p = 0; p < n; ++p) {
    if (isp[static_cast<std::size_t>(p)] != 1) continue;
    // A start at i runs to the first end after it (or the session's end); scanning resumes after.
    for (std::int64_t i = offsets[p]; i < offsets[p + 1];) {
      if (code[static_cast<std::size_t>(i)] != 1) {
        ++i;
        continue;
      }
      std::int64_t j = i + 1;
      while (j < offsets[p + 1] && code[static_cast<std::size_t>(j)] != 4) ++j;
      std::int64_t stop = std::min(j + 1, offsets[p + 1]);
      if (ts[static_cast<std::size_t>(i)] >= t0 && ts[static_cast<std::size_t>(i)] < t1) want.push_back({p, i, stop});
      i = stop;
    }
  }
  EXPECT_FALSE(want.empty());
  EXPECT_EQ(FlowContext("login_start", "login_end", t0, t1, "isp=ISP-3").windows(events, sessions), want);
}

}  // namespace
}  // namespace moce
