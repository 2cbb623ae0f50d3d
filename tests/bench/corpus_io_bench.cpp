// Corpus column I/O throughput: 10^7 rows of one column (int64 or double), written by all ranks
// into one file (collective HDF5) and read back by hyperslab shares, compressed or not.
// Run on 1 rank directly, on 2 with `mpiexec -n 2`; MB/s counts the whole file's column bytes
// against the slowest rank's time.
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>

#include "operators/io/corpus_reader.hpp"
#include "operators/io/corpus_writer.hpp"
#include "tests/bench/support/bench_context.hpp"

namespace moce {
namespace {

constexpr std::int64_t kRows = 10'000'000;

std::string bench_path() {
  const char* dir = std::getenv("MOCE_BENCH_DIR");
  std::string name = cat(dir ? dir : std::filesystem::temp_directory_path().string(), "/moce-io-bench-");
  std::string suffix = std::to_string(::getpid());
  bench::world().broadcast(suffix, 0);
  return name + suffix + ".h5";
}

// This rank's share of a column with realistic entropy: latencies (double) or event ids (int64).
Relation share_of_column(bool real) {
  const auto share = block_share(kRows, bench::world().rank(), bench::world().size());
  Relation r;
  if (real) {
    std::vector<double> v(static_cast<std::size_t>(share.count()));
    for (std::int64_t i = 0; i < share.count(); ++i)
      v[static_cast<std::size_t>(i)] = 50.0 + static_cast<double>((share.begin + i) * 2654435761 % 100000) / 100.0;
    r.add("latency_ms", Column::real(std::move(v)));
  } else {
    std::vector<std::int64_t> v(static_cast<std::size_t>(share.count()));
    for (std::int64_t i = 0; i < share.count(); ++i) v[static_cast<std::size_t>(i)] = (share.begin + i) / 7;
    r.add("session", Column::int64(std::move(v)));
  }
  return r;
}

double slowest(double seconds) { return bench::world().allreduce(seconds, ReduceOp::kMax); }

void write_column(benchmark::State& state) {
  const int compression = static_cast<int>(state.range(0));
  const bool real = state.range(1) != 0;
  const auto rows = share_of_column(real);
  const auto path = bench_path();
  for (auto _ : state) {
    bench::world().barrier();
    const auto t0 = std::chrono::steady_clock::now();
    CorpusWriter writer(path, bench::world(), {}, {compression, 1 << 16});
    writer.append("/t", rows);
    writer.commit();
    state.SetIterationTime(slowest(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count()));
  }
  state.SetBytesProcessed(state.iterations() * kRows * 8);
  state.counters["file_MB"] = static_cast<double>(std::filesystem::file_size(path)) / 1e6;
  state.counters["ranks"] = bench::world().size();
  bench::world().barrier();
  if (bench::world().rank() == 0) std::remove(path.c_str());
}

void read_column(benchmark::State& state) {
  const int compression = static_cast<int>(state.range(0));
  const bool real = state.range(1) != 0;
  const auto path = bench_path();
  {
    CorpusWriter writer(path, bench::world(), {}, {compression, 1 << 16});
    writer.append("/t", share_of_column(real));
    writer.commit();
  }
  const auto share = block_share(kRows, bench::world().rank(), bench::world().size());
  for (auto _ : state) {
    bench::world().barrier();
    const auto t0 = std::chrono::steady_clock::now();
    CorpusReader reader(path);
    auto r = reader.read("/t", share);
    benchmark::DoNotOptimize(r.num_rows());
    state.SetIterationTime(slowest(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count()));
  }
  state.SetBytesProcessed(state.iterations() * kRows * 8);
  state.counters["ranks"] = bench::world().size();
  bench::world().barrier();
  if (bench::world().rank() == 0) std::remove(path.c_str());
}

// Args: {deflate level, 1 = double column / 0 = int64 column}. Fixed iterations: collectives.
BENCHMARK(write_column)->ArgsProduct({{0, 1}, {0, 1}})->ArgNames({"deflate", "real"})
    ->Iterations(3)->UseManualTime()->Unit(benchmark::kMillisecond);
BENCHMARK(read_column)->ArgsProduct({{0, 1}, {0, 1}})->ArgNames({"deflate", "real"})
    ->Iterations(3)->UseManualTime()->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace moce
