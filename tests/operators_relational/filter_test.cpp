// Predicate, Filter and Project against hand-picked rows and a brute-force row loop.
#include "operators/relational/filter.hpp"

#include <gtest/gtest.h>

#include "operators/relational/project.hpp"
#include "tests/operators_relational/tables.hpp"

namespace moce {
namespace {

Relation small() {
  auto isp = std::make_shared<const Dictionary>(std::vector<std::string>{"ISP-1", "ISP-2", "ISP-3"}, "isp");
  auto os = std::make_shared<const Dictionary>(std::vector<std::string>{"android", "ios"}, "os");
  Relation t;
  t.add("isp", Column::categorical({0, 2, 2, 1, -1, 2}, isp));
  t.add("os", Column::categorical({0, 0, 1, 0, 0, 0}, os));
  t.add("n", Column::int64({5, 7, 9, 7, 1, 3}));
  t.add("x", Column::real({0.5, std::nan(""), 2.5, 1.0, 7.0, 3.0}));
  t.add("ts", Column::int64({100, 200, 300, 400, 500, 600}));
  return t;
}

std::vector<std::int64_t> ids(const Predicate& p, const Relation& t) { return Filter(p).row_ids(t); }
using Ids = std::vector<std::int64_t>;

TEST(Predicate, Comparisons) {
  Relation t = small();
  EXPECT_EQ(ids(Predicate::compare("n", CompareOp::kEq, std::int64_t{7}), t), (Ids{1, 3}));
  EXPECT_EQ(ids(Predicate::compare("n", CompareOp::kGe, std::int64_t{7}), t), (Ids{1, 2, 3}));
  EXPECT_EQ(ids(Predicate::compare("n", CompareOp::kLt, 6.5), t), (Ids{0, 4, 5}));
  EXPECT_EQ(ids(Predicate::compare("x", CompareOp::kGt, 1.0), t), (Ids{2, 4, 5}));
  EXPECT_EQ(ids(Predicate::compare("x", CompareOp::kLe, std::int64_t{1}), t), (Ids{0, 3}));
  // NaN matches no comparison, not even !=, but NOT of a comparison matches it.
  EXPECT_EQ(ids(Predicate::compare("x", CompareOp::kNe, 1.0), t), (Ids{0, 2, 4, 5}));
  EXPECT_EQ(ids(!Predicate::compare("x", CompareOp::kEq, 1.0), t), (Ids{0, 1, 2, 4, 5}));
}

TEST(Predicate, MembershipByCodeAndByString) {
  Relation t = small();
  EXPECT_EQ(ids(Predicate::in_codes("isp", {2, 0}), t), (Ids{0, 1, 2, 5}));
  EXPECT_EQ(ids(Predicate::in_values("isp", {"ISP-3"}), t), (Ids{1, 2, 5}));
  EXPECT_EQ(ids(Predicate::in_values("isp", {"ISP-9"}), t), Ids{});                  // unknown value
  EXPECT_EQ(ids(!Predicate::in_values("isp", {"ISP-3", "ISP-1"}), t), (Ids{3, 4}));  // missing is in no set
}

TEST(Predicate, TimeWindowIsHalfOpen) {
  EXPECT_EQ(ids(Predicate::time_window("ts", 200, 500), small()), (Ids{1, 2, 3}));
}

TEST(Predicate, CohortSyntax) {
  Relation t = small();
  EXPECT_EQ(ids(Predicate::cohort("isp=ISP-3&os=android"), t), (Ids{1, 5}));
  EXPECT_EQ(ids(Predicate::cohort("os=ios"), t), (Ids{2}));
  EXPECT_EQ(ids(Predicate::cohort(""), t), (Ids{0, 1, 2, 3, 4, 5}));
  EXPECT_THROW(Predicate::cohort("isp"), InputError);
  EXPECT_THROW(Predicate::cohort("isp=ISP-3&"), InputError);
  EXPECT_THROW(Predicate::cohort("=x"), InputError);
  EXPECT_THROW(ids(Predicate::cohort("city=Paris"), t), Error);  // no such attribute
}

TEST(Predicate, AndOrNotMatchBruteForce) {
  Relation t = test::random_table(11, 2000);
  auto a = Predicate::in_values("isp", {"ISP-1", "ISP-4"});
  auto b = Predicate::compare("latency", CompareOp::kGt, 100.0);
  auto c = Predicate::time_window("ts", 250, 750);
  auto p = (a && !b) || (c && Predicate::compare("user", CompareOp::kLe, std::int64_t{10}));
  Ids expected;
  auto isp = t.column("isp").codes();
  auto lat = t.column("latency").reals();
  auto ts = t.column("ts").reals();
  auto user = t.column("user").int64s();
  for (std::size_t r = 0; r < t.num_rows(); ++r) {
    bool in_a = isp[r] == 1 || isp[r] == 4;
    bool in_b = lat[r] > 100.0;  // false for NaN
    bool in_c = ts[r] >= 250 && ts[r] < 750;
    if ((in_a && !in_b) || (in_c && user[r] <= 10)) expected.push_back(static_cast<std::int64_t>(r));
  }
  EXPECT_EQ(ids(p, t), expected);
  EXPECT_EQ(p.to_string(), "((isp in {ISP-1,ISP-4} and not latency>100) or (ts in [250,750) and user<=10))");
}

TEST(Predicate, WrongColumnTypesThrow) {
  Relation t = small();
  EXPECT_THROW(ids(Predicate::compare("isp", CompareOp::kEq, 1.0), t), Error);
  EXPECT_THROW(ids(Predicate::in_codes("n", {1}), t), Error);
}

TEST(Filter, GathersMatchingRows) {
  Relation t = small();
  Relation out = Filter(Predicate::cohort("isp=ISP-3")).run(t);
  ASSERT_EQ(out.num_rows(), 3u);
  EXPECT_EQ(out.column("n").int64s()[0], 7);
  EXPECT_EQ(out.column("n").int64s()[2], 3);
  EXPECT_EQ(out.names(), t.names());
  EXPECT_TRUE(Filter(Predicate::all()).run(t).equals(t));
}

TEST(Project, KeepsNamedColumnsInOrder) {
  Relation t = small();
  Relation out = Project({"ts", "isp"}).run(t);
  EXPECT_EQ(out.names(), (std::vector<std::string>{"ts", "isp"}));
  EXPECT_EQ(out.num_rows(), 6u);
  EXPECT_THROW(Project({"nope"}).run(t), Error);
}

}  // namespace
}  // namespace moce
