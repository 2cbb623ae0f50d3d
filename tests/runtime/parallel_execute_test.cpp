// threads > 1: the same results, cache state and collective order as one thread; collective
// nodes on the calling thread in plan order.
#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "runtime/dag/graph.hpp"
#include "tests/runtime/test_ops.hpp"

namespace moce {
namespace {

using test::RunLog;

// A sum standing in for an MPI reduction: collective, so it must run on the calling thread.
struct CollectiveSum {
  std::string label;
  std::shared_ptr<RunLog> log;
  std::thread::id* caller = nullptr;
  std::shared_ptr<std::vector<std::string>> off_thread;
  std::string_view name() const { return "collective_sum"; }
  void hash_params(Hasher& h) const { h.add(label); }
  bool collective() const { return true; }
  long run(long a, long b) const {
    log->record(label);
    if (std::this_thread::get_id() != *caller) off_thread->push_back(label);
    return a + b;
  }
};

// A slow source, so independent nodes overlap in time when threads > 1.
struct SlowSource {
  long value = 0;
  std::string_view name() const { return "slow_source"; }
  void hash_params(Hasher& h) const { h.add(value); }
  long run() const {
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
    return value * value;
  }
};

struct Outcome {
  long total = 0;
  std::vector<std::string> collective_order;
  std::vector<std::string> off_thread;
  std::vector<bool> cached;
  GraphStats stats;
};

// Sources s0..s7 (values i*i), pairwise collective sums r01, r23, r45, r67, then c0123, c4567,
// then top. Post-order from top: r01, r23, c0123, r45, r67, c4567, top among the collectives.
Outcome run_tree(int threads, std::size_t cache_bytes) {
  auto log = std::make_shared<RunLog>();
  auto off_thread = std::make_shared<std::vector<std::string>>();
  std::thread::id caller = std::this_thread::get_id();
  Graph graph({.cache_bytes = cache_bytes, .threads = threads});
  std::vector<Lazy<long>> level;
  std::vector<std::string> names;
  std::vector<Lazy<long>> all;
  for (long i = 0; i < 8; ++i) {
    level.push_back(graph.call(SlowSource{i}));
    names.push_back(std::to_string(i));
    all.push_back(level.back());
  }
  while (level.size() > 1) {
    std::vector<Lazy<long>> next;
    std::vector<std::string> next_names;
    for (std::size_t i = 0; i < level.size(); i += 2) {
      next_names.push_back(names[i] + names[i + 1]);
      const std::string label = level.size() == 2 ? "top" : (level.size() == 4 ? "c" : "r") + next_names.back();
      next.push_back(graph.call(CollectiveSum{label, log, &caller, off_thread}, level[i], level[i + 1]));
      all.push_back(next.back());
    }
    level = next;
    names = next_names;
  }
  Outcome outcome;
  outcome.total = *graph.get(level[0]);
  outcome.total += *graph.get(all[3]);  // a second request over a partly evicted cache
  outcome.collective_order = log->runs;
  outcome.off_thread = *off_thread;
  for (const auto& h : all) outcome.cached.push_back(graph.is_cached(h));
  outcome.stats = graph.stats();
  return outcome;
}

TEST(ParallelExecute, SameAsOneThread) {
  // sum of i*i for i < 8 = 140, plus s3 = 9.
  for (std::size_t cache_bytes : {Graph::kUnlimited, std::size_t{3 * sizeof(long)}}) {
    const Outcome serial = run_tree(1, cache_bytes);
    const Outcome parallel = run_tree(4, cache_bytes);
    EXPECT_EQ(serial.total, 149);
    EXPECT_EQ(parallel.total, 149);
    const std::vector<std::string> order{"r01", "r23", "c0123", "r45", "r67", "c4567", "top"};
    EXPECT_EQ(serial.collective_order, order);
    EXPECT_EQ(parallel.collective_order, order);
    EXPECT_TRUE(parallel.off_thread.empty());
    EXPECT_EQ(serial.cached, parallel.cached);
    EXPECT_EQ(serial.stats.computations, parallel.stats.computations);
    EXPECT_EQ(serial.stats.evictions, parallel.stats.evictions);
    EXPECT_EQ(serial.stats.hits, parallel.stats.hits);
  }
}

TEST(ParallelExecute, LimitedCacheRecomputesTheEvictedSource) {
  // With room for 3 longs, s3 is evicted by the end of the first request and recomputed by the
  // second; with no limit it is a hit.
  EXPECT_EQ(run_tree(4, 3 * sizeof(long)).stats.recomputations, 1U);
  EXPECT_EQ(run_tree(4, Graph::kUnlimited).stats.recomputations, 0U);
}

}  // namespace
}  // namespace moce
