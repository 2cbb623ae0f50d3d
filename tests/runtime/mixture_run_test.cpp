// Lazy against naive execution of the same experts: sharing and caching counted exactly.
#include "runtime/dag/mixture_run.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <vector>

#include "tests/runtime/test_ops.hpp"

namespace moce {
namespace {

using test::Add;
using test::RunLog;
using test::Source;

// Expert 1: y = (a + b) + c; get(y).
// Expert 2: z = (a + b) + d; get(z); then get(a + b) again.
std::vector<ExpertProgram> two_experts(const std::shared_ptr<RunLog>& log, std::vector<long>* results) {
  auto x_of = [log](Graph& graph) {
    return graph.call(Add{"x", log}, graph.call(Source{"a", 1, log}), graph.call(Source{"b", 2, log}));
  };
  return {
      [=](Graph& graph) {
        auto y = graph.call(Add{"y", log}, x_of(graph), graph.call(Source{"c", 10, log}));
        results->push_back(*graph.get(y));
      },
      [=](Graph& graph) {
        auto x = x_of(graph);
        auto z = graph.call(Add{"z", log}, x, graph.call(Source{"d", 100, log}));
        results->push_back(*graph.get(z));
        results->push_back(*graph.get(x));
      },
  };
}

TEST(MixtureRun, LazySharesAndCaches) {
  auto log = std::make_shared<RunLog>();
  std::vector<long> results;
  const MixtureCost cost = run_lazy(two_experts(log, &results));
  EXPECT_EQ(results, (std::vector<long>{13, 103, 3}));
  // 5 calls each; distinct: a, b, x, c, y, d, z.
  EXPECT_EQ(cost.stats.calls, 10U);
  EXPECT_EQ(cost.stats.nodes, 7U);
  EXPECT_EQ(cost.stats.computations, 7U);
  EXPECT_EQ(cost.stats.recomputations, 0U);
  // get(z) finds x cached (1 hit); get(x) is a hit (1).
  EXPECT_EQ(cost.stats.hits, 2U);
  EXPECT_EQ(log->count("x"), 1U);
}

TEST(MixtureRun, NaiveRecomputesEverything) {
  auto log = std::make_shared<RunLog>();
  std::vector<long> results;
  const MixtureCost cost = run_naive(two_experts(log, &results));
  EXPECT_EQ(results, (std::vector<long>{13, 103, 3}));
  // Nodes: the per-expert totals, 5 + 5. Computations: expert 1 runs its 5; expert 2 runs its 5,
  // then get(x) recomputes a, b, x: 5 + 5 + 3 = 13.
  EXPECT_EQ(cost.stats.calls, 10U);
  EXPECT_EQ(cost.stats.nodes, 10U);
  EXPECT_EQ(cost.stats.computations, 13U);
  EXPECT_EQ(cost.stats.recomputations, 3U);
  EXPECT_EQ(cost.stats.hits, 0U);
  EXPECT_EQ(cost.stats.cached_bytes, 0U);
  EXPECT_EQ(log->count("x"), 3U);
}

TEST(MixtureRun, NaiveGraphDoesNotShareWithinAnExpert) {
  Graph graph({.mode = Mode::kNaive});
  auto a1 = graph.call(Source{"a", 1, nullptr});
  auto a2 = graph.call(Source{"a", 1, nullptr});
  EXPECT_FALSE(a1 == a2);
  EXPECT_EQ(a1.key(), a2.key());  // the same call, made twice, is two nodes in naive mode
  EXPECT_EQ(graph.options().cache_bytes, 0U);
}

}  // namespace
}  // namespace moce
