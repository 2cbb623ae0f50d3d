// The result cache: byte limit, LRU and LIFO eviction in hand-worked sequences, pins, and
// recomputation after eviction.
#include "runtime/dag/cache.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "runtime/dag/bytes_of.hpp"
#include "runtime/dag/graph.hpp"
#include "tests/runtime/test_ops.hpp"

namespace moce {
namespace {

using test::Add;
using test::Blob;
using test::MakeBlob;
using test::RunLog;
using test::Source;

struct ThreeBlobs {
  std::shared_ptr<RunLog> log = std::make_shared<RunLog>();
  Graph graph;
  Lazy<Blob> a, b, c;
  ThreeBlobs(std::size_t limit, EvictionPolicy policy) : graph({.cache_bytes = limit, .eviction = policy}) {
    a = graph.call(MakeBlob{"a", 100, log});
    b = graph.call(MakeBlob{"b", 100, log});
    c = graph.call(MakeBlob{"c", 100, log});
  }
  std::string cached() const {
    std::string out;
    for (const auto* h : {&a, &b, &c}) out += graph.is_cached(*h) ? "1" : "0";
    return out;
  }
};

TEST(Cache, BytesOfFollowsItsRules) {
  EXPECT_EQ(bytes_of(3.0), sizeof(double));
  EXPECT_EQ(bytes_of(std::vector<double>(10)), sizeof(std::vector<double>) + 80);
  EXPECT_EQ(bytes_of(std::string(40, 'x')), sizeof(std::string) + 40);
  EXPECT_EQ(bytes_of(Blob{0, 1234}), 1234U);
  EXPECT_EQ(bytes_of(std::vector<std::string>{"ab", "cde"}),
            sizeof(std::vector<std::string>) + 2 * sizeof(std::string) + 5);
}

TEST(Cache, LruEvictsTheLeastRecentlyUsed) {
  // Limit 250, three results of 100. get a, b, c: holding 300 after c, so the oldest (a) goes;
  // c is pinned as the request's target. Then get b: a hit.
  ThreeBlobs t(250, EvictionPolicy::kLru);
  t.graph.get(t.a);
  t.graph.get(t.b);
  t.graph.get(t.c);
  EXPECT_EQ(t.cached(), "011");
  t.graph.get(t.b);
  EXPECT_EQ(t.log->count("b"), 1U);
  EXPECT_EQ(t.graph.stats().cached_bytes, 200U);
}

TEST(Cache, LruCountsAHitAsAUse) {
  // get a, b, a (hit: a is now the most recent), c: b is the least recently used and goes.
  ThreeBlobs t(250, EvictionPolicy::kLru);
  t.graph.get(t.a);
  t.graph.get(t.b);
  t.graph.get(t.a);
  t.graph.get(t.c);
  EXPECT_EQ(t.cached(), "101");
}

TEST(Cache, LifoEvictsTheLastInserted) {
  // get a, b, c: 300 held; c is pinned as the target, so the newest unpinned result (b) goes.
  // get b again: recomputed (b is now the newest, pinned), so c, now the newest unpinned, goes.
  ThreeBlobs t(250, EvictionPolicy::kLifo);
  t.graph.get(t.a);
  t.graph.get(t.b);
  t.graph.get(t.c);
  EXPECT_EQ(t.cached(), "101");
  t.graph.get(t.b);
  EXPECT_EQ(t.cached(), "110");
  EXPECT_EQ(t.log->count("b"), 2U);
  EXPECT_EQ(t.graph.stats().recomputations, 1U);
  EXPECT_EQ(t.graph.stats().evictions, 2U);
}

TEST(Cache, ByteLimitHoldsAfterEveryRequest) {
  ThreeBlobs t(250, EvictionPolicy::kLru);
  for (const auto* h : {&t.a, &t.b, &t.c, &t.a, &t.c, &t.b}) {
    t.graph.get(*h);
    EXPECT_LE(t.graph.stats().cached_bytes, 250U);
  }
  EXPECT_EQ(t.graph.stats().peak_cached_bytes, 200U);
}

TEST(Cache, PinnedResultSurvives) {
  // Limit 150. a is pinned; get a, then b: 200 held; a is pinned, b is the target, so nothing
  // goes until b's request ends, then b (the only unpinned result) goes.
  ThreeBlobs t(150, EvictionPolicy::kLru);
  {
    const Graph::Pin pin = t.graph.pin(t.a);
    t.graph.get(t.a);
    const auto b = t.graph.get(t.b);
    EXPECT_EQ(b->size, 100U);  // the caller's result outlives its eviction
    EXPECT_EQ(t.cached(), "100");
    t.graph.get(t.c);
    EXPECT_EQ(t.cached(), "100");
  }
  // Unpinned now: the next request may evict a.
  t.graph.get(t.b);
  EXPECT_EQ(t.cached(), "010");
  EXPECT_EQ(t.log->count("a"), 1U);
}

TEST(Cache, EvictedNodeIsRecomputedAndCounted) {
  ThreeBlobs t(100, EvictionPolicy::kLru);
  t.graph.get(t.a);
  t.graph.get(t.b);  // evicts a
  t.graph.get(t.a);  // recomputes a, evicts b
  const NodeStats a = t.graph.node_stats(t.a);
  EXPECT_EQ(a.computations, 2U);
  EXPECT_EQ(a.misses, 2U);
  EXPECT_EQ(a.evictions, 1U);
  EXPECT_EQ(t.graph.node_stats(t.b).evictions, 1U);
  EXPECT_EQ(t.graph.stats().recomputations, 1U);
  EXPECT_EQ(t.graph.stats().computations, 3U);
}

TEST(Cache, InputsStayUntilTheirLastConsumerEvenWithNoCache) {
  // Limit 0: d = add(b, c), b = add(a, a), c = add(a, s). a must survive until c is computed.
  auto log = std::make_shared<RunLog>();
  Graph graph({.cache_bytes = 0});
  auto a = graph.call(Source{"a", 1, log});
  auto s = graph.call(Source{"s", 2, log});
  auto b = graph.call(Add{"b", log}, a, a);
  auto c = graph.call(Add{"c", log}, a, s);
  auto d = graph.call(Add{"d", log}, b, c);
  EXPECT_EQ(*graph.get(d), 5);
  EXPECT_EQ(log->runs, (std::vector<std::string>{"a", "b", "s", "c", "d"}));
  EXPECT_EQ(graph.stats().cached_bytes, 0U);
  EXPECT_EQ(graph.stats().evictions, 5U);
  // Nothing was kept, so asking again recomputes all five.
  EXPECT_EQ(*graph.get(d), 5);
  EXPECT_EQ(graph.stats().recomputations, 5U);
}

}  // namespace
}  // namespace moce
