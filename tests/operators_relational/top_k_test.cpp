// TopK against a full stable sort.
#include "operators/relational/top_k.hpp"

#include <gtest/gtest.h>

#include <numeric>

#include "tests/operators_relational/tables.hpp"

namespace moce {
namespace {

using Ids = std::vector<std::int64_t>;

TEST(TopK, TiesGoToTheEarlierRowAndNaNLast) {
  Relation t;
  t.add("x", Column::real({3.0, std::nan(""), 5.0, 3.0, 5.0, 1.0}));
  EXPECT_EQ(TopK("x", 4).row_ids(t), (Ids{2, 4, 0, 3}));
  EXPECT_EQ(TopK("x", 3, SortOrder::kAscending).row_ids(t), (Ids{5, 0, 3}));
  EXPECT_EQ(TopK("x", 10).row_ids(t), (Ids{2, 4, 0, 3, 5, 1}));
  EXPECT_EQ(TopK("x", 0).row_ids(t), Ids{});
  EXPECT_EQ(TopK("x", 2).run(t).column("x").reals()[1], 5.0);
}

TEST(TopK, MatchesStableSortOnRandomTable) {
  Relation t = test::random_table(31, 2000);
  for (auto order : {SortOrder::kDescending, SortOrder::kAscending}) {
    for (const char* column : {"latency", "bytes"}) {
      Ids all(t.num_rows());
      std::iota(all.begin(), all.end(), 0);
      const Column& c = t.column(column);
      std::stable_sort(all.begin(), all.end(), [&](std::int64_t a, std::int64_t b) {
        double x = test::value_at(c, static_cast<std::size_t>(a)), y = test::value_at(c, static_cast<std::size_t>(b));
        if (std::isnan(x) || std::isnan(y)) return !std::isnan(x) && std::isnan(y);
        return order == SortOrder::kDescending ? x > y : x < y;
      });
      all.resize(50);
      EXPECT_EQ(TopK(column, 50, order).row_ids(t), all) << column;
    }
  }
}

TEST(TopK, RejectsCategoricalColumn) {
  Relation t = test::random_table(32, 10);
  EXPECT_THROW(TopK("isp", 3).row_ids(t), Error);
}

}  // namespace
}  // namespace moce
