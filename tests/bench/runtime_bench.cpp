// Micro-benchmarks of the lazy DAG runtime: per-node cost of building and resolving a DAG of
// trivial nodes (chain and wide fan-in), a cache hit, and a dedup (hash-consing) lookup.
#include <benchmark/benchmark.h>

#include <functional>
#include <string_view>
#include <vector>

#include "runtime/dag/graph.hpp"

namespace moce {
namespace {

struct Zero {
  std::string_view name() const { return "zero"; }
  long run() const { return 0; }
};
struct PlusOne {
  std::string_view name() const { return "plus_one"; }
  long run(long x) const { return x + 1; }
};
struct Leaf {
  long value = 0;
  std::string_view name() const { return "leaf"; }
  void hash_params(Hasher& h) const { h.add(value); }
  long run() const { return value; }
};
struct Sum {
  std::string_view name() const { return "sum"; }
  long run(const std::vector<std::reference_wrapper<const long>>& xs) const {
    long total = 0;
    for (const long& x : xs) total += x;
    return total;
  }
};

// Seconds per node, shown by the reporter as time per node.
void per_node(benchmark::State& state, std::int64_t nodes) {
  state.counters["per_node"] = benchmark::Counter(static_cast<double>(nodes),
                                                  benchmark::Counter::kIsIterationInvariantRate |
                                                      benchmark::Counter::kInvert);
  state.SetItemsProcessed(state.iterations() * nodes);
}

// A fresh graph, a chain of n nodes built, resolved, and torn down.
void BM_ChainBuildAndResolve(benchmark::State& state) {
  const auto n = state.range(0);
  for (auto _ : state) {
    Graph graph;
    Lazy<long> x = graph.call(Zero{});
    for (std::int64_t i = 1; i < n; ++i) x = graph.call(PlusOne{}, x);
    benchmark::DoNotOptimize(*graph.get(x));
  }
  per_node(state, n);
}
BENCHMARK(BM_ChainBuildAndResolve)->Arg(1000)->Arg(100000);

// The same chain in naive mode (no hash-consing index, no cache).
void BM_ChainBuildAndResolveNaive(benchmark::State& state) {
  const auto n = state.range(0);
  for (auto _ : state) {
    Graph graph({.mode = Mode::kNaive});
    Lazy<long> x = graph.call(Zero{});
    for (std::int64_t i = 1; i < n; ++i) x = graph.call(PlusOne{}, x);
    benchmark::DoNotOptimize(*graph.get(x));
  }
  per_node(state, n);
}
BENCHMARK(BM_ChainBuildAndResolveNaive)->Arg(100000);

// Building only (call(), no get()).
void BM_ChainBuild(benchmark::State& state) {
  const auto n = state.range(0);
  for (auto _ : state) {
    Graph graph;
    Lazy<long> x = graph.call(Zero{});
    for (std::int64_t i = 1; i < n; ++i) x = graph.call(PlusOne{}, x);
    benchmark::DoNotOptimize(x);
  }
  per_node(state, n);
}
BENCHMARK(BM_ChainBuild)->Arg(100000);

// n distinct leaves summed by one node taking them all (a combiner over many expert outputs).
void BM_FanInBuildAndResolve(benchmark::State& state) {
  const auto n = state.range(0);
  const auto threads = static_cast<int>(state.range(1));
  for (auto _ : state) {
    Graph graph({.threads = threads});
    std::vector<Lazy<long>> leaves;
    leaves.reserve(static_cast<std::size_t>(n));
    for (std::int64_t i = 0; i < n; ++i) leaves.push_back(graph.call(Leaf{i}));
    benchmark::DoNotOptimize(*graph.get(graph.call(Sum{}, leaves)));
  }
  per_node(state, n + 1);
}
BENCHMARK(BM_FanInBuildAndResolve)->Args({1000, 1})->Args({100000, 1})->Args({100000, 2});

// get() of a node already in the cache.
void BM_CacheHit(benchmark::State& state) {
  Graph graph;
  const Lazy<long> x = graph.call(PlusOne{}, graph.call(Zero{}));
  graph.get(x);
  for (auto _ : state) benchmark::DoNotOptimize(graph.get(x));
}
BENCHMARK(BM_CacheHit);

// call() of a node that already exists: hashing the call and finding it in the index.
void BM_DedupLookup(benchmark::State& state) {
  Graph graph;
  std::vector<Lazy<long>> leaves;
  for (long i = 0; i < 100000; ++i) leaves.push_back(graph.call(Leaf{i}));
  long i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(graph.call(PlusOne{}, leaves[static_cast<std::size_t>(i)]));
    benchmark::DoNotOptimize(graph.call(Leaf{i}));
    i = (i + 1) % 100000;
  }
  state.counters["per_lookup"] = benchmark::Counter(2, benchmark::Counter::kIsIterationInvariantRate |
                                                           benchmark::Counter::kInvert);
}
BENCHMARK(BM_DedupLookup);

}  // namespace
}  // namespace moce
