// HashJoin against hand tables and a nested-loop join.
#include "operators/relational/hash_join.hpp"

#include <gtest/gtest.h>

#include <random>

#include "tests/operators_relational/tables.hpp"

namespace moce {
namespace {

using Pairs = std::vector<std::pair<std::int64_t, std::int64_t>>;

TEST(HashJoin, InnerAndLeftOnHandTables) {
  Relation sessions;
  sessions.add("session", Column::int64({10, 11, 12, 13}));
  sessions.add("kpi", Column::real({1.0, 2.0, 3.0, 4.0}));
  Relation events;
  events.add("session", Column::int64({12, 10, 12, 99}));
  events.add("kpi", Column::real({0.5, 0.25, 0.75, 9.0}));
  events.add("code", Column::int64({7, 8, 9, 1}));

  HashJoin inner({"session"}, {"session"});
  EXPECT_EQ(inner.pairs(sessions, events), (Pairs{{0, 1}, {2, 0}, {2, 2}}));
  Relation out = inner.run(sessions, events);
  EXPECT_EQ(out.names(), (std::vector<std::string>{"session", "kpi", "kpi_right", "code"}));
  EXPECT_EQ(out.column("code").int64s()[2], 9);
  EXPECT_EQ(out.column("kpi_right").reals()[0], 0.25);

  HashJoin left({"session"}, {"session"}, JoinKind::kLeft);
  EXPECT_EQ(left.pairs(sessions, events), (Pairs{{0, 1}, {1, -1}, {2, 0}, {2, 2}, {3, -1}}));
  Relation lo = left.run(sessions, events);
  EXPECT_EQ(lo.column("code").int64s()[1], kMissingInt64);
  EXPECT_TRUE(std::isnan(lo.column("kpi_right").reals()[4]));
}

TEST(HashJoin, CategoricalKeysMatchByValueAcrossDictionaries) {
  auto d1 = std::make_shared<const Dictionary>(std::vector<std::string>{"a", "b", "c"}, "k");
  auto d2 = std::make_shared<const Dictionary>(std::vector<std::string>{"c", "x", "a"}, "k");
  Relation l, r;
  l.add("k", Column::categorical({0, 1, 2, -1}, d1));
  r.add("k", Column::categorical({2, 0, 1, -1}, d2));  // a, c, x, missing
  r.add("v", Column::int64({1, 2, 3, 4}));
  // a -> right row 0, c -> right row 1, b and missing match nothing.
  EXPECT_EQ(HashJoin({"k"}, {"k"}).pairs(l, r), (Pairs{{0, 0}, {2, 1}}));
}

TEST(HashJoin, MultiKeyMatchesNestedLoop) {
  std::mt19937_64 rng(21);
  std::uniform_int_distribution<std::int64_t> pick(0, 6);
  auto table = [&](std::size_t n) {
    std::vector<std::int64_t> a(n), b(n), v(n);
    for (std::size_t i = 0; i < n; ++i) {
      a[i] = pick(rng);
      b[i] = pick(rng);
      v[i] = static_cast<std::int64_t>(i);
    }
    Relation t;
    t.add("a", Column::int64(a));
    t.add("b", Column::int64(b));
    t.add("v", Column::int64(v));
    return t;
  };
  Relation l = table(300), r = table(200);
  for (auto kind : {JoinKind::kInner, JoinKind::kLeft}) {
    Pairs expected;
    for (std::size_t i = 0; i < l.num_rows(); ++i) {
      bool any = false;
      for (std::size_t j = 0; j < r.num_rows(); ++j)
        if (l.column("a").int64s()[i] == r.column("a").int64s()[j] &&
            l.column("b").int64s()[i] == r.column("b").int64s()[j]) {
          expected.emplace_back(i, j);
          any = true;
        }
      if (!any && kind == JoinKind::kLeft) expected.emplace_back(i, -1);
    }
    EXPECT_EQ(HashJoin({"a", "b"}, {"a", "b"}, kind).pairs(l, r), expected);
  }
}

TEST(HashJoin, RejectsMismatchedKeys) {
  Relation l, r;
  l.add("k", Column::int64({1}));
  r.add("k", Column::real({1.0}));
  EXPECT_THROW(HashJoin({"k"}, {"k"}).run(l, r), Error);
  EXPECT_THROW(HashJoin({"k"}, {}), Error);
}

}  // namespace
}  // namespace moce
