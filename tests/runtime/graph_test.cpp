// Graph: hash-consing, laziness, computing only what a request needs, in dependency order.
#include "runtime/dag/graph.hpp"

#include <gtest/gtest.h>

#include <functional>
#include <memory>
#include <numeric>
#include <vector>

#include "runtime/error.hpp"
#include "tests/runtime/test_ops.hpp"

namespace moce {
namespace {

using test::Add;
using test::RunLog;
using test::Source;

TEST(Graph, TwoExpertsShareTheirCommonNodes) {
  auto log = std::make_shared<RunLog>();
  Graph graph;
  // Expert 1: x = a + b; y = x + c.  Expert 2: x' = a + b (same call); z = x' + d.
  // Calls: expert 1 makes a, b, x, c, y (5); expert 2 makes a, b, x, d, z (5) => 10 calls.
  // Distinct: a, b, x, c, y, d, z => 7 nodes.
  auto expert = [&](const std::string& last_label, long last_value, const std::string& out) {
    auto a = graph.call(Source{"a", 1, log});
    auto b = graph.call(Source{"b", 2, log});
    auto x = graph.call(Add{"x", log}, a, b);
    auto last = graph.call(Source{last_label, last_value, log});
    return graph.call(Add{out, log}, x, last);
  };
  const auto y = expert("c", 10, "y");
  const auto z = expert("d", 100, "z");
  EXPECT_EQ(graph.stats().calls, 10U);
  EXPECT_EQ(graph.stats().nodes, 7U);
  EXPECT_EQ(*graph.get(y), 13);
  EXPECT_EQ(*graph.get(z), 103);
  EXPECT_EQ(log->count("x"), 1U);  // the shared node ran once
  EXPECT_EQ(log->runs.size(), 7U);
  EXPECT_EQ(graph.stats().computations, 7U);
}

TEST(Graph, CallComputesNothing) {
  auto log = std::make_shared<RunLog>();
  Graph graph;
  auto a = graph.call(Source{"a", 1, log});
  auto b = graph.call(Add{"b", log}, a, a);
  graph.call(Add{"c", log}, b, 4L);
  EXPECT_TRUE(log->runs.empty());
  EXPECT_EQ(graph.stats().computations, 0U);
  EXPECT_FALSE(graph.is_cached(b));
}

TEST(Graph, GetComputesOnlyWhatTheRequestNeeds) {
  auto log = std::make_shared<RunLog>();
  Graph graph;
  auto a = graph.call(Source{"a", 1, log});
  auto b = graph.call(Source{"b", 2, log});
  auto unused = graph.call(Source{"unused", 3, log});
  auto sum = graph.call(Add{"sum", log}, a, b);
  graph.call(Add{"other", log}, sum, unused);
  EXPECT_EQ(*graph.get(sum), 3);
  EXPECT_EQ(log->runs, (std::vector<std::string>{"a", "b", "sum"}));
}

TEST(Graph, InputsRunBeforeConsumersInDepthFirstPostOrder) {
  // d = add(b, c), b = add(a, a), c = add(a, s2). Post-order from d over inputs in argument
  // order: a, b, s2, c, d.
  auto log = std::make_shared<RunLog>();
  Graph graph;
  auto a = graph.call(Source{"a", 1, log});
  auto s2 = graph.call(Source{"s2", 2, log});
  auto b = graph.call(Add{"b", log}, a, a);
  auto c = graph.call(Add{"c", log}, a, s2);
  auto d = graph.call(Add{"d", log}, b, c);
  EXPECT_EQ(*graph.get(d), 5);
  EXPECT_EQ(log->runs, (std::vector<std::string>{"a", "b", "s2", "c", "d"}));
}

TEST(Graph, SecondGetIsAHit) {
  auto log = std::make_shared<RunLog>();
  Graph graph;
  auto a = graph.call(Source{"a", 7, log});
  EXPECT_EQ(*graph.get(a), 7);
  EXPECT_EQ(*graph.get(a), 7);
  EXPECT_EQ(log->runs.size(), 1U);
  const NodeStats stats = graph.node_stats(a);
  EXPECT_EQ(stats.misses, 1U);
  EXPECT_EQ(stats.hits, 1U);
  EXPECT_EQ(stats.computations, 1U);
  EXPECT_EQ(stats.bytes, sizeof(long));
  EXPECT_EQ(stats.name, "source");
}

TEST(Graph, ListOfHandlesIsOneInputPerHandle) {
  Graph graph;
  std::vector<Lazy<long>> parts;
  for (long i = 1; i <= 4; ++i) parts.push_back(graph.call(Source{"p", i, nullptr}));
  auto total = graph.call(make_task("sum", [](const std::vector<std::reference_wrapper<const long>>& xs) {
                            long s = 0;
                            for (const long& x : xs) s += x;
                            return s;
                          }),
                          parts);
  EXPECT_EQ(*graph.get(total), 10);
}

TEST(Graph, PlainValuesAndStringLiteralsAreArguments) {
  Graph graph;
  auto greet = make_task("greet", [](const std::string& who, long n) { return who + std::to_string(n); });
  const auto a = graph.call(greet, "ab", 3L);
  const auto b = graph.call(greet, std::string("ab"), 3L);
  EXPECT_EQ(a, b);  // a literal and a std::string of the same text are the same argument
  EXPECT_EQ(*graph.get(a), "ab3");
}

TEST(Graph, HandleOfAnotherGraphIsRejected) {
  Graph one;
  Graph two;
  auto a = one.call(Source{"a", 1, nullptr});
  EXPECT_THROW(two.get(a), UsageError);
  EXPECT_THROW(two.call(Add{"x", nullptr}, a, a), UsageError);
  EXPECT_THROW(one.get(Lazy<long>{}), UsageError);
}

TEST(Graph, ZeroThreadsIsAConfigError) {
  EXPECT_THROW(Graph({.threads = 0}), ConfigError);
}

}  // namespace
}  // namespace moce
