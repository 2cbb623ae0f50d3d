// The URL experts' own cost on one incident: each expert's nodes after workflow 2 (its shared
// input) is computed, and workflow 2 itself for scale. The mixture's target is all experts on a
// paper-size incident (3000 sessions, ~150k events) in <= 200 ms on one core.
//   MOCE_URL_BENCH_CORPUS=q.h5 MOCE_URL_BENCH_INCIDENT=backup_failure-00 build/bench/moce_experts_url_bench
// (defaults: /tmp/q.h5 from the quick start, and backup_failure-00, a 3000-session incident).
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>

#include "experts/core/registry.hpp"
#include "operators/io/corpus_reader.hpp"
#include "operators/io/incident_index.hpp"
#include "tests/bench/support/bench_context.hpp"

namespace moce::experts {
namespace {

std::string env_or(const char* name, const char* fallback) {
  const char* value = std::getenv(name);
  return value && *value ? value : fallback;
}

// The incident, opened once on this rank alone and never closed: its file must not outlive the
// HDF5 library, which shuts down at exit before static objects are destroyed.
const IncidentInput* incident() {
  static const IncidentInput* input = []() -> const IncidentInput* {
    static const Context* context = make_local_context().release();
    const std::string path = env_or("MOCE_URL_BENCH_CORPUS", "/tmp/q.h5");
    const std::string id = env_or("MOCE_URL_BENCH_INCIDENT", "backup_failure-00");
    if (!std::filesystem::exists(path)) return nullptr;
    auto corpus = std::make_shared<const CorpusReader>(path);
    for (const auto& spec : read_incident_index(*corpus))
      if (spec.id == id) return new IncidentInput(open_incident(corpus, spec, *context));
    return nullptr;
  }();
  return input;
}

void BM_Workflow2(benchmark::State& state) {
  const IncidentInput* input = incident();
  if (!input) return state.SkipWithError("no corpus: set MOCE_URL_BENCH_CORPUS and MOCE_URL_BENCH_INCIDENT");
  for (auto _ : state) {
    Graph graph;
    Workflows wf(graph, *input);
    benchmark::DoNotOptimize(graph.get(wf.url_statistics()));
  }
}
BENCHMARK(BM_Workflow2)->Unit(benchmark::kMillisecond);

void BM_Expert(benchmark::State& state, const std::string& name) {
  const IncidentInput* input = incident();
  if (!input) return state.SkipWithError("no corpus: set MOCE_URL_BENCH_CORPUS and MOCE_URL_BENCH_INCIDENT");
  auto expert = builtin_registry().make(name, nullptr);
  std::size_t leads = 0;
  for (auto _ : state) {
    state.PauseTiming();
    Graph graph;
    Workflows wf(graph, *input);
    graph.get(wf.url_statistics());
    const Lazy<Leads> handle = expert->build(wf);
    state.ResumeTiming();
    leads = graph.get(handle)->size();
  }
  state.counters["leads"] = static_cast<double>(leads);
}

const bool registered = [] {
  for (const char* name :
       {"flow_model_duration", "flow_model_failures", "url_mean_duration", "url_p75_duration", "url_p95_duration",
        "url_mean_failures", "url_p75_failures", "url_p95_failures", "url_mle_duration", "url_mle_failures"})
    benchmark::RegisterBenchmark((std::string("BM_Expert/") + name).c_str(), BM_Expert, std::string(name))
        ->Unit(benchmark::kMillisecond)
        ->Iterations(30);  // each iteration also recomputes workflow 2 (untimed): keep the count fixed
  return true;
}();

}  // namespace
}  // namespace moce::experts
