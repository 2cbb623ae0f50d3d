// StatefulMap: per-part state, emission order and finish hook.
#include "operators/stateful/stateful_map.hpp"

#include <gtest/gtest.h>

#include "operators/stateful/sequencify.hpp"
#include "tests/operators_relational/sessions.hpp"

namespace moce {
namespace {

TEST(StatefulMap, GapsBetweenConsecutiveEventsPerSession) {
  Relation t;
  t.add("session", Column::int64({0, 0, 0, 1, 2, 2}));
  t.add("ts", Column::real({1.0, 4.0, 10.0, 3.0, 2.0, 2.5}));
  Sequence s = Sequencify("session", "ts").run(t, 3);
  // State: time of the previous event (NaN before the first); emits the gap; finish emits -1.
  StatefulMap<double, double> gaps(
      "gaps", std::nan(""),
      [](double& last, const Relation& part, std::size_t row, std::vector<double>& emit) {
        double now = part.column("ts").reals()[row];
        if (!std::isnan(last)) emit.push_back(now - last);
        last = now;
      },
      [](double&, const Relation&, std::vector<double>& emit) { emit.push_back(-1); });
  auto out = gaps.run(s);
  EXPECT_EQ(out.values, (std::vector<double>{3.0, 6.0, -1, -1, 0.5, -1}));
  EXPECT_EQ(out.offsets, (std::vector<std::int64_t>{0, 3, 4, 6}));
  EXPECT_EQ(out.part(2).size(), 2u);
  EXPECT_EQ(gaps.name(), "stateful_map(gaps)");
}

TEST(StatefulMap, StateResetsPerPartOnRandomSessions) {
  Relation t = test::random_events(51, 40);
  Sequence s = Sequencify("session", "ts").run(t, 40);
  // Running count of "error" events, emitted at each error.
  StatefulMap<int, int> running("errors", 0, [](int& n, const Relation& part, std::size_t row, std::vector<int>& emit) {
    if (part.column("event").codes()[row] == 5) emit.push_back(++n);
  });
  auto out = running.run(s);
  ASSERT_EQ(out.num_parts(), 40u);
  for (std::size_t p = 0; p < 40; ++p) {
    int errors = 0;
    for (auto c : s.part(p).column("event").codes()) errors += c == 5;
    ASSERT_EQ(out.part(p).size(), static_cast<std::size_t>(errors));
    for (int i = 0; i < errors; ++i) EXPECT_EQ(out.part(p)[static_cast<std::size_t>(i)], i + 1);
  }
}

}  // namespace
}  // namespace moce
