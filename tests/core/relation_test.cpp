// Relations: equal-length columns, lookup by name, zero-copy slices, projections.
#include <gtest/gtest.h>

#include "operators/data/relation.hpp"

namespace moce {
namespace {

Relation sample() {
  Relation r;
  r.add("id", Column::int64({1, 2, 3, 4})).add("x", Column::real({0.5, 1.5, 2.5, 3.5}));
  return r;
}

TEST(Relation, RejectsColumnsOfUnequalLength) {
  Relation r;
  r.add("a", Column::int64({1, 2}));
  try {
    r.add("b", Column::int64({1}));
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("'b' has 1 rows, but the relation has 2"), std::string::npos) << e.what();
  }
}

TEST(Relation, RejectsDuplicateNames) {
  Relation r;
  r.add("a", Column::int64({1}));
  EXPECT_THROW(r.add("a", Column::int64({2})), Error);
}

TEST(Relation, MissingColumnErrorListsTheColumnsPresent) {
  auto r = sample();
  try {
    (void)r.column("y");
    FAIL();
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "no column 'y' (columns: id, x)");
  }
}

TEST(Relation, SliceIsZeroCopyAndKeepsNames) {
  auto r = sample();
  auto s = r.slice(1, 2);
  EXPECT_EQ(s.num_rows(), 2u);
  EXPECT_EQ(s.names(), (std::vector<std::string>{"id", "x"}));
  EXPECT_EQ(s.column("x").reals()[1], 2.5);
  EXPECT_EQ(s.column("id").int64s().data(), r.column("id").int64s().data() + 1);
}

TEST(Relation, ProjectAndGather) {
  auto r = sample();
  auto p = r.project({"x"});
  EXPECT_EQ(p.num_columns(), 1u);
  EXPECT_EQ(p.num_rows(), 4u);
  std::vector<std::int64_t> rows{3, 1};
  auto g = r.gather(rows);
  EXPECT_EQ(g.column("id").int64s()[0], 4);
  EXPECT_EQ(g.column("x").reals()[1], 1.5);
  EXPECT_EQ(r.bytes(), 4u * 8u * 2u);
}

TEST(Relation, EqualsComparesNamesOrderAndValues) {
  EXPECT_TRUE(sample().equals(sample()));
  Relation other;
  other.add("x", Column::real({0.5, 1.5, 2.5, 3.5})).add("id", Column::int64({1, 2, 3, 4}));
  EXPECT_FALSE(sample().equals(other));
}

}  // namespace
}  // namespace moce
