// The MPI context under 1, 2 and 3 ranks: every collective against values worked out from the
// rank numbers, and groups made by split.
#include <gtest/gtest.h>

#include <numeric>

#include "runtime/comm/mpi_context.hpp"
#include "runtime/error.hpp"
#include "tests/support/test_support.hpp"

namespace moce {
namespace {

TEST(MpiContext, ReductionsMatchClosedForms) {
  const auto& w = test::world();
  const std::int64_t p = w.size(), r = w.rank();
  EXPECT_EQ(w.allreduce<std::int64_t>(r + 1, ReduceOp::kSum), p * (p + 1) / 2);
  EXPECT_EQ(w.allreduce<double>(0.5 * static_cast<double>(r), ReduceOp::kMax), 0.5 * static_cast<double>(p - 1));
  EXPECT_EQ(w.allreduce<std::int32_t>(static_cast<std::int32_t>(10 - r), ReduceOp::kMin), 10 - (p - 1));
  std::vector<std::uint64_t> v{static_cast<std::uint64_t>(r), 1};
  w.allreduce_inplace<std::uint64_t>(v, ReduceOp::kSum);
  EXPECT_EQ(v[0], static_cast<std::uint64_t>(p * (p - 1) / 2));
  EXPECT_EQ(v[1], static_cast<std::uint64_t>(p));
  std::vector<double> onto_root{1.0};
  w.reduce_inplace<double>(onto_root, ReduceOp::kSum, 0);
  EXPECT_EQ(onto_root[0], r == 0 ? static_cast<double>(p) : 1.0);  // other ranks keep theirs
  EXPECT_EQ(w.exclusive_prefix_sum(r + 1), r * (r + 1) / 2);
}

TEST(MpiContext, AllgathervConcatenatesInRankOrder) {
  const auto& w = test::world();
  // Rank r contributes r copies of r (rank 0 contributes nothing).
  std::vector<std::int64_t> mine(static_cast<std::size_t>(w.rank()), w.rank());
  auto all = w.allgatherv<std::int64_t>(mine);
  std::vector<std::int64_t> expected;
  for (int q = 0; q < w.size(); ++q) expected.insert(expected.end(), static_cast<std::size_t>(q), q);
  EXPECT_EQ(all, expected);
  auto ranks = w.allgather(w.rank());
  for (int q = 0; q < w.size(); ++q) EXPECT_EQ(ranks[static_cast<std::size_t>(q)], q);
}

TEST(MpiContext, AlltoallvDeliversEachPeersShare) {
  const auto& w = test::world();
  const int p = w.size(), r = w.rank();
  // Rank r sends to rank q exactly q + 1 values, each 100 r + q.
  std::vector<double> send;
  std::vector<std::int64_t> counts;
  for (int q = 0; q < p; ++q) {
    counts.push_back(q + 1);
    send.insert(send.end(), static_cast<std::size_t>(q + 1), 100.0 * r + q);
  }
  std::vector<std::int64_t> recv_counts;
  auto got = w.alltoallv<double>(send, counts, &recv_counts);
  std::vector<double> expected;
  for (int q = 0; q < p; ++q) {
    EXPECT_EQ(recv_counts[static_cast<std::size_t>(q)], r + 1);
    expected.insert(expected.end(), static_cast<std::size_t>(r + 1), 100.0 * q + r);
  }
  EXPECT_EQ(got, expected);
}

TEST(MpiContext, BroadcastCarriesStringsAndVectors) {
  const auto& w = test::world();
  std::string text = w.rank() == 0 ? "中国电信, from rank 0" : "";
  w.broadcast(text, 0);
  EXPECT_EQ(text, "中国电信, from rank 0");
  std::vector<std::int64_t> v;
  if (w.rank() == w.size() - 1) v = {7, 8, 9};
  w.broadcast(v, w.size() - 1);
  EXPECT_EQ(v, (std::vector<std::int64_t>{7, 8, 9}));
}

TEST(MpiContext, SplitFormsGroupsByColor) {
  const auto& w = test::world();
  // Even and odd ranks form two groups, ordered by descending world rank.
  auto group = w.split(w.rank() % 2, -w.rank());
  const int members = (w.size() + (w.rank() % 2 == 0 ? 1 : 0)) / 2;
  EXPECT_EQ(group->size(), members);
  EXPECT_EQ(group->allreduce<std::int64_t>(1, ReduceOp::kSum), members);
  // Sum of world ranks in my group: all ranks of my parity.
  std::int64_t expected = 0;
  for (int q = w.rank() % 2; q < w.size(); q += 2) expected += q;
  EXPECT_EQ(group->allreduce<std::int64_t>(w.rank(), ReduceOp::kSum), expected);
  // The highest world rank of the group is its rank 0.
  auto top = group->allreduce<std::int64_t>(w.rank(), ReduceOp::kMax);
  EXPECT_EQ(group->rank() == 0, w.rank() == top);
}

TEST(MpiContext, BadRootIsAnMpiErrorNamingTheCall) {
  const auto& w = test::world();
  if (!w.is_mpi()) GTEST_SKIP();
  std::string text;
  try {
    w.broadcast_bytes(nullptr, 0, w.size() + 5);  // every rank passes the same bad root
    FAIL() << "expected MpiError";
  } catch (const MpiError& e) {
    text = e.what();
  }
  EXPECT_NE(text.find("MPI_Bcast"), std::string::npos) << text;
  EXPECT_NE(text.find("on rank"), std::string::npos) << text;
}

}  // namespace
}  // namespace moce
