// The local context behaves as a world of one rank, and block shares partition rows exactly.
#include <gtest/gtest.h>

#include <numeric>

#include "runtime/comm/context.hpp"

namespace moce {
namespace {

TEST(LocalContext, CollectivesAreIdentities) {
  auto c = make_local_context();
  EXPECT_EQ(c->rank(), 0);
  EXPECT_EQ(c->size(), 1);
  EXPECT_EQ(c->allreduce<std::int64_t>(5, ReduceOp::kSum), 5);
  std::vector<double> v{1.5, 2.5};
  EXPECT_EQ(c->allgatherv<double>(v), v);
  std::vector<std::int64_t> counts{2};
  std::vector<std::int64_t> recv;
  EXPECT_EQ(c->alltoallv<double>(v, counts, &recv), v);
  EXPECT_EQ(recv, counts);
  EXPECT_EQ(c->exclusive_prefix_sum(9), 0);
  std::string s = "x";
  c->broadcast(s, 0);
  EXPECT_EQ(s, "x");
}

TEST(BlockShare, PartitionsEveryRowOnceInRankOrder) {
  for (std::int64_t n : {0, 1, 2, 7, 100}) {
    for (int p : {1, 2, 3, 5}) {
      std::int64_t expected_begin = 0;
      for (int r = 0; r < p; ++r) {
        auto s = block_share(n, r, p);
        EXPECT_EQ(s.begin, expected_begin);
        EXPECT_LE(s.count(), n / p + 1);
        EXPECT_GE(s.count(), n / p);
        expected_begin = s.end;
      }
      EXPECT_EQ(expected_begin, n);
    }
  }
}

}  // namespace
}  // namespace moce
