// A failure in one get() must keep the failing rank out of the request's later collective nodes
// (its healthy peers would otherwise wait in, or mismatch, those collectives).
#include <gtest/gtest.h>

#include <stdexcept>

#include "runtime/dag/dag.hpp"

namespace moce {
namespace {

struct Fails {
  std::string_view name() const { return "fails"; }
  int run() const { throw std::runtime_error("shard is empty"); }
};

// Stands for an operator that calls MPI collectives; counts how often it ran.
struct CountingCollective {
  int* runs;
  std::string_view name() const { return "counting_collective"; }
  bool collective() const { return true; }
  int run() const { return ++*runs; }
};

struct Combine {
  std::string_view name() const { return "combine"; }
  int run(const int& a, const int& b) const { return a + b; }
};

class SpmdFailure : public ::testing::TestWithParam<int> {};

TEST_P(SpmdFailure, LaterCollectivesAreSkippedThenRunInTheNextRequest) {
  Graph graph(Graph::Options{.threads = GetParam()});
  int runs = 0;
  auto bad = graph.call(Fails{});
  auto collective = graph.call(CountingCollective{&runs});
  auto after = graph.call(Combine{}, collective, collective);  // depends on the collective only
  auto target = graph.call(Combine{}, bad, after);              // plan: bad, collective, after, target
  try {
    graph.get(target);
    FAIL() << "expected NodeError";
  } catch (const NodeError& e) {
    EXPECT_NE(std::string(e.what()).find("fails"), std::string::npos) << e.what();
  }
  EXPECT_EQ(runs, 0) << "a collective ran after an earlier node of the same request failed";
  // Skipped, not failed: the collective node and its consumer run normally when asked for.
  EXPECT_EQ(*graph.get(after), 2);
  EXPECT_EQ(runs, 1);
  EXPECT_EQ(graph.stats().failures, 1u);
}

INSTANTIATE_TEST_SUITE_P(Threads, SpmdFailure, ::testing::Values(1, 2));

}  // namespace
}  // namespace moce
