// Simulator throughput: client events generated per second on one core (no I/O), the quantity
// `moce simulate` spends its CPU on; and `moce simulate` end to end (generate, gather to rank 0,
// compress, write the corpus), also under mpiexec -n 2.
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>

#include "simulator/incident_plan.hpp"
#include "simulator/network_model.hpp"
#include "simulator/session_generator.hpp"
#include "simulator/simulate_corpus.hpp"
#include "simulator/world_config.hpp"
#include "tests/bench/support/bench_context.hpp"

namespace {

using namespace moce;
using namespace moce::sim;

const World& default_world() {
  static const World world = [] {
    Config user;
    user.set("world", (std::filesystem::path(__FILE__).parent_path().parent_path().parent_path() / "configs" /
                       "world_default.ini")
                          .string());
    return load_world(resolve_world_config(user));
  }();
  return world;
}

// Generates sessions of one incident of each category in turn, into reused columnar buffers.
void BM_GenerateEvents(benchmark::State& state) {
  const auto& world = default_world();
  const auto plans = plan_incidents(world, 1, 1);
  const NetworkModel network(world);
  const std::int64_t batch = state.range(0);
  Telemetry t;
  std::int64_t events = 0, sessions = 0;
  std::size_t next = 0;
  for (auto _ : state) {
    const auto& plan = plans[next++ % plans.size()];
    SessionGenerator generator(world, network, plan, 1);
    t.reset(world);
    for (std::int64_t s = 0; s < batch; ++s) generator.generate(s, t);
    events += static_cast<std::int64_t>(t.num_events());
    sessions += batch;
    benchmark::DoNotOptimize(t.ts.data());
  }
  state.counters["events/s"] = benchmark::Counter(static_cast<double>(events), benchmark::Counter::kIsRate);
  state.counters["sessions/s"] = benchmark::Counter(static_cast<double>(sessions), benchmark::Counter::kIsRate);
  state.counters["events/session"] = static_cast<double>(events) / static_cast<double>(sessions);
}
BENCHMARK(BM_GenerateEvents)->Arg(10000)->Unit(benchmark::kMillisecond);

// The whole `moce simulate` on one incident of each category of 1000 sessions (~0.7 M events,
// deflate level 1) into a temporary file. Time: the slowest rank's, per iteration; events/s is
// the corpus's events over that time, the figure `moce simulate` prints.
void BM_SimulateCorpus(benchmark::State& state) {
  const auto& world = default_world();
  const Context& ranks = bench::world();
  std::string path =
      (std::filesystem::temp_directory_path() / ("moce_simulate_bench_" + std::to_string(::getpid()) + ".h5")).string();
  ranks.broadcast(path, 0);
  SimulateOptions options;
  options.incidents_per_category = 1;
  options.sessions_per_incident = 1000;
  std::int64_t events = 0;
  for (auto _ : state) {
    ranks.barrier();
    const auto start = std::chrono::steady_clock::now();
    events += simulate_corpus(world, options, path, ranks, "").events;
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    state.SetIterationTime(ranks.allreduce(seconds, ReduceOp::kMax));
  }
  ranks.barrier();
  if (ranks.rank() == 0) std::filesystem::remove(path);
  state.counters["events/s"] = benchmark::Counter(static_cast<double>(events), benchmark::Counter::kIsRate);
  state.counters["ranks"] = ranks.size();
}
BENCHMARK(BM_SimulateCorpus)->UseManualTime()->Unit(benchmark::kMillisecond);

// Planning (attribute shares and every incident's choices) for the paper's 9 x 36 incidents.
void BM_PlanIncidents(benchmark::State& state) {
  const auto& world = default_world();
  for (auto _ : state) benchmark::DoNotOptimize(plan_incidents(world, 1, 36).size());
}
BENCHMARK(BM_PlanIncidents)->Unit(benchmark::kMillisecond);

}  // namespace
