// Sequencify, FilterSequence, MergeSequences and Relationalize against brute-force references.
#include "operators/stateful/sequencify.hpp"

#include <gtest/gtest.h>

#include <map>

#include "operators/stateful/filter_sequence.hpp"
#include "operators/stateful/merge_sequences.hpp"
#include "operators/stateful/relationalize.hpp"
#include "tests/operators_relational/sessions.hpp"

namespace moce {
namespace {

std::vector<std::int64_t> ids_of(const Relation& part) {
  auto id = part.column("id").int64s();
  return {id.begin(), id.end()};
}

TEST(Sequencify, OrdersEventsWithinSessionStably) {
  Relation t = test::random_events(41, 50);
  Sequence s = Sequencify("session", "ts").run(t, 50);
  ASSERT_EQ(s.num_parts(), 50u);
  // Reference: stable sort of each session's rows (in input order) by ts.
  std::vector<std::vector<std::pair<double, std::int64_t>>> expected(50);
  for (std::size_t r = 0; r < t.num_rows(); ++r)
    expected[static_cast<std::size_t>(t.column("session").int64s()[r])].emplace_back(t.column("ts").reals()[r],
                                                                                     t.column("id").int64s()[r]);
  for (std::size_t p = 0; p < 50; ++p) {
    std::stable_sort(expected[p].begin(), expected[p].end(), [](auto& a, auto& b) { return a.first < b.first; });
    std::vector<std::int64_t> want;
    for (auto& e : expected[p]) want.push_back(e.second);
    EXPECT_EQ(ids_of(s.part(p)), want) << "part " << p;
  }
  EXPECT_FALSE(Sequencify("session", "ts").is_sorted(t));
  EXPECT_TRUE(Sequencify("session", "ts").is_sorted(s.rows()));
}

TEST(Sequencify, SortedInputIsReusedWithoutCopy) {
  Relation t = test::random_events(42, 20);
  Sequence once = Sequencify("session", "ts").run(t, 20);
  Sequence twice = Sequencify("session", "ts").run(once.rows(), 20);
  EXPECT_TRUE(twice.equals(once));
  EXPECT_EQ(twice.rows().column("ts").reals().data(), once.rows().column("ts").reals().data());
}

TEST(Sequencify, KeyRangeNotStartingAtZero) {
  Relation t;
  t.add("session", Column::int64({7, 5, 7, 5}));
  t.add("ts", Column::int64({3, 9, 1, 2}));
  Sequence s = Sequencify("session", "ts").run(t, 3, 5);  // parts 5, 6, 7
  EXPECT_EQ(std::vector<std::int64_t>(s.offsets().begin(), s.offsets().end()), (std::vector<std::int64_t>{0, 2, 2, 4}));
  EXPECT_EQ(s.rows().column("ts").int64s()[0], 2);
  EXPECT_EQ(s.rows().column("ts").int64s()[3], 3);
  EXPECT_THROW(Sequencify("session", "ts").run(t, 2, 5), Error);  // key 7 outside [5, 7)
}

TEST(FilterSequence, KeepsMatchingRowsPerPart) {
  Relation t = test::random_events(43, 30);
  Sequence s = Sequencify("session", "ts").run(t, 30);
  Sequence f = FilterSequence(Predicate::in_values("event", {"request", "error"})).run(s);
  ASSERT_EQ(f.num_parts(), 30u);
  for (std::size_t p = 0; p < 30; ++p) {
    Relation part = s.part(p);
    std::vector<std::int64_t> want;
    for (std::size_t r = 0; r < part.num_rows(); ++r) {
      auto code = part.column("event").codes()[r];
      if (code == 2 || code == 5) want.push_back(part.column("id").int64s()[r]);
    }
    EXPECT_EQ(ids_of(f.part(p)), want);
  }
}

TEST(FilterSequence, PartFilterEmptiesRejectedParts) {
  Relation t = test::random_events(44, 30);
  Sequence s = Sequencify("session", "ts").run(t, 30);
  auto has_error = [](const Relation& part) {
    for (auto c : part.column("event").codes())
      if (c == 5) return true;
    return false;
  };
  Sequence f = FilterSequence::parts("has_error", has_error).run(s);
  ASSERT_EQ(f.num_parts(), 30u);
  for (std::size_t p = 0; p < 30; ++p)
    EXPECT_EQ(ids_of(f.part(p)), has_error(s.part(p)) ? ids_of(s.part(p)) : std::vector<std::int64_t>{});
}

TEST(MergeSequences, InterleavesByTimeFirstSequenceFirstOnTies) {
  Relation a, b;
  a.add("session", Column::int64({0, 0, 1}));
  a.add("ts", Column::int64({1, 5, 2}));
  a.add("id", Column::int64({100, 101, 102}));
  b.add("session", Column::int64({0, 0, 1, 1}));
  b.add("ts", Column::int64({0, 5, 1, 9}));
  b.add("id", Column::int64({200, 201, 202, 203}));
  Sequence sa = Sequencify("session", "ts").run(a, 3), sb = Sequencify("session", "ts").run(b, 3);
  Sequence m = MergeSequences("ts").run(sa, sb);
  EXPECT_EQ(ids_of(m.part(0)), (std::vector<std::int64_t>{200, 100, 101, 201}));
  EXPECT_EQ(ids_of(m.part(1)), (std::vector<std::int64_t>{202, 102, 203}));
  EXPECT_EQ(m.part_size(2), 0u);
  EXPECT_THROW(MergeSequences("ts").run(sa, Sequencify("session", "ts").run(b, 2)), Error);
}

TEST(MergeSequences, MatchesSortOfUnionOnRandomSessions) {
  Relation a = test::random_events(45, 25), b = test::random_events(46, 25);
  // Make ids distinct across the two tables.
  std::vector<std::int64_t> shifted(b.column("id").int64s().begin(), b.column("id").int64s().end());
  for (auto& v : shifted) v += 1000000;
  Relation b2 = b.project({"session", "ts", "event"});
  b2.add("id", Column::int64(shifted));
  Sequence sa = Sequencify("session", "ts").run(a, 25), sb = Sequencify("session", "ts").run(b2, 25);
  Sequence m = MergeSequences("ts").run(sa, sb);
  for (std::size_t p = 0; p < 25; ++p) {
    std::vector<std::tuple<double, int, std::int64_t>> all;  // (ts, which, position) sorts like a stable merge
    auto add = [&](const Relation& part, int which) {
      for (std::size_t r = 0; r < part.num_rows(); ++r)
        all.emplace_back(part.column("ts").reals()[r], which, static_cast<std::int64_t>(r));
    };
    add(sa.part(p), 0);
    add(sb.part(p), 1);
    std::sort(all.begin(), all.end());
    std::vector<std::int64_t> want;
    for (auto& [ts, which, r] : all)
      want.push_back((which == 0 ? sa : sb).part(p).column("id").int64s()[static_cast<std::size_t>(r)]);
    EXPECT_EQ(ids_of(m.part(p)), want);
  }
}

TEST(Relationalize, PrependsPartIndex) {
  Relation t = test::random_events(47, 10);
  Sequence s = Sequencify("session", "ts").run(t, 10);
  Relation r = Relationalize("part").run(s, 100);
  EXPECT_EQ(r.names(), (std::vector<std::string>{"part", "session", "ts", "event", "id"}));
  ASSERT_EQ(r.num_rows(), t.num_rows());
  for (std::size_t i = 0; i < r.num_rows(); ++i)
    EXPECT_EQ(r.column("part").int64s()[i], 100 + r.column("session").int64s()[i]);
  EXPECT_THROW(Relationalize("session").run(s), Error);
}

}  // namespace
}  // namespace moce
