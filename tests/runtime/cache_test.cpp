// The result cache: byte limit, LRU and LIFO eviction in hand-worked sequences, pins, and
// recomputation after eviction.
#include "runtime/dag/cache.hpp"

#include <gtest/gtest.h>

#include <deque>
#include <memory>
#include <optional>
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

TEST(Cache, ByteLimitHoldsAsMeasured) {
  // 40 results of 10..400 bytes, a limit of 1500, 400 seeded random requests (some pinned
  // across the next request). After every request the bytes the cache reports equal the bytes
  // of the results it actually holds (summed here from is_cached), and, once no pin is held,
  // they fit the limit; the peak never exceeds limit + the largest pinned set.
  auto log = std::make_shared<RunLog>();
  Graph graph({.cache_bytes = 1500, .eviction = EvictionPolicy::kLru});
  std::vector<Lazy<Blob>> blobs;
  std::vector<std::size_t> sizes;
  for (std::size_t i = 0; i < 40; ++i) {
    sizes.push_back(10 + (i * 37) % 391);
    blobs.push_back(graph.call(MakeBlob{"b" + std::to_string(i), sizes.back(), log}));
  }
  std::uint64_t state = 14;
  auto next = [&state] { return (state = state * 6364136223846793005ULL + 1442695040888963407ULL) >> 33; };
  for (int request = 0; request < 400; ++request) {
    const auto i = next() % blobs.size();
    std::optional<Graph::Pin> pin;
    if (next() % 4 == 0) pin.emplace(graph.pin(blobs[(i + 1) % blobs.size()]));
    graph.get(blobs[i]);
    std::size_t held = 0;
    for (std::size_t j = 0; j < blobs.size(); ++j) held += graph.is_cached(blobs[j]) ? sizes[j] : 0;
    EXPECT_EQ(held, graph.stats().cached_bytes) << "request " << request;
    pin.reset();
    held = 0;
    for (std::size_t j = 0; j < blobs.size(); ++j) held += graph.is_cached(blobs[j]) ? sizes[j] : 0;
    EXPECT_EQ(held, graph.stats().cached_bytes);
    EXPECT_LE(held, 1500U) << "request " << request;
  }
  EXPECT_LE(graph.stats().peak_cached_bytes, 1500U + 400U);
}

TEST(Cache, PinnedResultsAreNotRescannedOnEveryInsertion) {
  // 2000 pinned results of 100 bytes exceed a limit of 1000 on their own. Then 2000 more results
  // come one at a time, each followed by an eviction pass: each pass evicts exactly the new
  // result, and looks at nothing else (it used to walk past all the pinned results every time:
  // about 2000 x 3000 = 6e6 looks).
  std::deque<Node> nodes(4000);
  Cache cache(1000, EvictionPolicy::kLru);
  for (NodeId id = 0; id < 4000; ++id) {
    nodes[id].value = std::make_shared<int>(static_cast<int>(id));
    nodes[id].bytes = 100;
  }
  for (NodeId id = 0; id < 2000; ++id) {
    cache.pin(nodes, id);
    cache.insert(nodes, id);
  }
  EXPECT_EQ(cache.evict_over_limit(nodes), 0U);
  EXPECT_EQ(cache.bytes(), 200000U);
  std::uint64_t evicted = 0;
  for (NodeId id = 2000; id < 4000; ++id) {
    cache.insert(nodes, id);
    evicted += cache.evict_over_limit(nodes);
    EXPECT_FALSE(nodes[id].cached);
  }
  EXPECT_EQ(evicted, 2000U);
  EXPECT_EQ(cache.examined(), 2000U);
  EXPECT_EQ(cache.bytes(), 200000U);
  // Unpinned, the old results become evictable, oldest first, down to the limit.
  for (NodeId id = 0; id < 2000; ++id) cache.unpin(nodes, id);
  EXPECT_EQ(cache.evict_over_limit(nodes), 1990U);
  EXPECT_EQ(cache.bytes(), 1000U);
  for (NodeId id = 0; id < 1990; ++id) EXPECT_FALSE(nodes[id].cached) << id;
  for (NodeId id = 1990; id < 2000; ++id) EXPECT_TRUE(nodes[id].cached) << id;
}

TEST(Cache, LifoSkipsPinnedResultsAndKeepsInsertionOrder) {
  // Insert 0..4 (100 bytes each, limit 250); 4 and 2 pinned. LIFO drops the newest unpinned: 3.
  // Then 1 is touched (no effect under LIFO), 4 unpinned: next pass drops 4, the newest.
  std::deque<Node> nodes(5);
  Cache cache(250, EvictionPolicy::kLifo);
  for (NodeId id = 0; id < 5; ++id) {
    nodes[id].value = std::make_shared<int>(0);
    nodes[id].bytes = 100;
  }
  cache.pin(nodes, 4);
  cache.pin(nodes, 2);
  for (NodeId id = 0; id < 5; ++id) cache.insert(nodes, id);
  EXPECT_EQ(cache.evict_over_limit(nodes), 3U);  // 3, 1 and 0 go: 200 (2 and 4, pinned) left
  EXPECT_FALSE(nodes[3].cached);
  EXPECT_FALSE(nodes[1].cached);
  EXPECT_FALSE(nodes[0].cached);
  EXPECT_EQ(cache.bytes(), 200U);
  cache.unpin(nodes, 4);
  cache.unpin(nodes, 2);
  EXPECT_EQ(cache.evict_over_limit(nodes), 0U);  // 200 fits
  nodes[0].value = std::make_shared<int>(0);
  cache.insert(nodes, 0);  // 300: the newest (0) goes again
  EXPECT_EQ(cache.evict_over_limit(nodes), 1U);
  EXPECT_FALSE(nodes[0].cached);
  EXPECT_TRUE(nodes[2].cached && nodes[4].cached);
}

}  // namespace
}  // namespace moce
