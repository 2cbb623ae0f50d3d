// Throughput of the relational and stateful operators: group-by over dictionary-coded cohorts
// (one process and distributed), and n-gram counting. Distributed benchmarks run a fixed number
// of iterations and time each with the slowest rank's wall clock.
#include <benchmark/benchmark.h>

#include <chrono>
#include <memory>
#include <random>

#include "operators/relational/group_by.hpp"
#include "operators/stateful/ngrams.hpp"
#include "tests/bench/support/bench_context.hpp"

namespace moce {
namespace {

DictionaryPtr dictionary(const std::string& name, int size) {
  std::vector<std::string> values;
  for (int i = 0; i < size; ++i) values.push_back(name + "-" + std::to_string(i));
  return std::make_shared<const Dictionary>(values, name);
}

// Rows [begin, end) of a seeded global table: isp (30 values), os (10), city (50) and a latency;
// row r depends only on r, so every rank can build its own block of the same table.
Relation cohort_rows(std::int64_t begin, std::int64_t end) {
  static const DictionaryPtr isp = dictionary("isp", 30), os = dictionary("os", 10), city = dictionary("city", 50);
  const auto n = static_cast<std::size_t>(end - begin);
  std::vector<std::int32_t> a(n), b(n), c(n);
  std::vector<double> latency(n);
  for (std::size_t i = 0; i < n; ++i) {
    // A splitmix64 hash of the global row number: cheap and rank-independent.
    std::uint64_t x = (static_cast<std::uint64_t>(begin) + i + 1) * 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    x ^= x >> 31;
    a[i] = static_cast<std::int32_t>(x % 30);
    b[i] = static_cast<std::int32_t>((x >> 8) % 10);
    c[i] = static_cast<std::int32_t>((x >> 16) % 50);
    latency[i] = static_cast<double>((x >> 32) % 100000) * 0.01;
  }
  Relation t;
  t.add("isp", Column::categorical(std::move(a), isp));
  t.add("os", Column::categorical(std::move(b), os));
  t.add("city", Column::categorical(std::move(c), city));
  t.add("latency", Column::real(std::move(latency)));
  return t;
}

constexpr std::int64_t kRows = 10'000'000;

const GroupBy& cohort_stats() {
  static const GroupBy op({"isp", "os", "city"},
                          {Aggregate::count(), Aggregate::sum("latency"), Aggregate::mean("latency")});
  return op;
}

void BM_GroupByDenseCohorts(benchmark::State& state) {
  static const Relation rows = cohort_rows(0, kRows);
  for (auto _ : state) benchmark::DoNotOptimize(cohort_stats().run(rows));
  state.SetItemsProcessed(state.iterations() * kRows);
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(rows.bytes()));
}
BENCHMARK(BM_GroupByDenseCohorts)->Unit(benchmark::kMillisecond);

void BM_GroupByHashedCohorts(benchmark::State& state) {
  // The same grouping through the hash path, for comparison with the dense one.
  static const Relation rows = cohort_rows(0, kRows);
  GroupBy op(cohort_stats().keys(), cohort_stats().aggregates(), 0);
  for (auto _ : state) benchmark::DoNotOptimize(op.run(rows));
  state.SetItemsProcessed(state.iterations() * kRows);
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(rows.bytes()));
}
BENCHMARK(BM_GroupByHashedCohorts)->Unit(benchmark::kMillisecond);

void BM_GroupByDistributed(benchmark::State& state) {
  // Each rank holds its block of the 10^7-row table; items are this rank's rows, so the
  // reported rate is per rank. Efficiency at p ranks = rate(p) / rate(1).
  const Context& world = bench::world();
  const Share share = block_share(kRows, world.rank(), world.size());
  static const Relation rows = cohort_rows(share.begin, share.end);
  for (auto _ : state) {
    world.barrier();
    auto start = std::chrono::steady_clock::now();
    benchmark::DoNotOptimize(cohort_stats().run(world, rows));
    double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    state.SetIterationTime(world.allreduce(seconds, ReduceOp::kMax));
  }
  state.SetItemsProcessed(state.iterations() * share.count());
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(rows.bytes()));
  state.counters["ranks"] = world.size();
}
BENCHMARK(BM_GroupByDistributed)->Iterations(20)->UseManualTime()->Unit(benchmark::kMillisecond);

// Sessions of 5..35 events over 40 event names, 2*10^6 events.
Sequence event_sessions() {
  static const DictionaryPtr names = dictionary("event", 40);
  std::mt19937_64 rng(7);
  std::vector<std::int32_t> event;
  std::vector<std::int64_t> offsets{0};
  while (event.size() < 2'000'000) {
    auto len = 5 + static_cast<int>(rng() % 31);
    for (int i = 0; i < len; ++i) event.push_back(static_cast<std::int32_t>(rng() % 40));
    offsets.push_back(static_cast<std::int64_t>(event.size()));
  }
  Relation t;
  t.add("event", Column::categorical(std::move(event), names));
  return Sequence(std::move(t), std::move(offsets));
}

void BM_NGramCount(benchmark::State& state) {
  static const Sequence events = event_sessions();
  NGramCount op(static_cast<int>(state.range(0)));
  for (auto _ : state) benchmark::DoNotOptimize(op.run(events));
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(events.rows().num_rows()));
}
BENCHMARK(BM_NGramCount)->Arg(1)->Arg(3)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace moce
