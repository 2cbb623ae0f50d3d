// The experts on paper-size incidents (3000 sessions, ~150k events; MoCE sec. 5.4): the four
// shared workflows' throughput (events per second on one core) and the whole mixture's time per
// incident. The corpus is simulated once into a temporary file (configs/world_default.ini).
#include <benchmark/benchmark.h>

#include <filesystem>
#include <memory>
#include <unistd.h>

#include "experts/core/registry.hpp"
#include "experts/mixture/mixture.hpp"
#include "operators/io/corpus_format.hpp"
#include "simulator/simulate_corpus.hpp"
#include "simulator/world_config.hpp"

namespace {

using namespace moce;
namespace fs = std::filesystem;

struct Corpus {
  std::shared_ptr<const CorpusReader> reader;
  std::vector<IncidentSpec> specs;
  std::unique_ptr<Context> local = make_local_context();
};

// Never destroyed: the reader's HDF5 file must not close after the library has shut down.
const Corpus& corpus() {
  static const Corpus& c = *new Corpus([] {
    Config user;
    user.set("world", (fs::path(__FILE__).parent_path().parent_path().parent_path() / "configs" / "world_default.ini")
                          .string());
    const auto world = sim::load_world(sim::resolve_world_config(user));
    const fs::path path = fs::temp_directory_path() / ("moce_experts_bench_" + std::to_string(::getpid()) + ".h5");
    sim::SimulateOptions options;
    options.incidents_per_category = 1;
    options.sessions_per_incident = 3000;
    Corpus out;
    sim::simulate_corpus(world, options, path.string(), *out.local, "");
    out.reader = std::make_shared<const CorpusReader>(path.string());
    out.specs = read_incident_index(*out.reader);
    fs::remove(path);  // the reader keeps the file open
    return out;
  }());
  return c;
}

std::int64_t events_of(const IncidentSpec& spec) {
  return corpus().reader->num_rows(corpus::events_group(spec.id));
}

// Builds and resolves the four workflows on a fresh graph; returns the seconds spent in nodes
// whose name starts with `prefix` ("" = all) or, with `exclude`, in all others.
double resolve_workflows(const experts::IncidentInput& input, const std::string& prefix, bool exclude) {
  Graph graph;
  experts::Workflows wf(graph, input);
  benchmark::DoNotOptimize(graph.get(wf.cohort_statistics()));
  benchmark::DoNotOptimize(graph.get(wf.url_statistics()));
  benchmark::DoNotOptimize(graph.get(wf.event_patterns()));
  double seconds = 0;
  for (NodeId id = 0; id < graph.size(); ++id) {
    const auto node = graph.node_stats(id);
    if (node.name.starts_with(prefix) != exclude) seconds += node.seconds;
  }
  return seconds;
}

// The four workflows' own work: every event of the incident scanned, the corpus reads
// (load_sessions, load_events) not counted (manual time = the other nodes' time).
void BM_SharedWorkflows(benchmark::State& state) {
  const auto& c = corpus();
  const auto& spec = c.specs[static_cast<std::size_t>(state.range(0)) % c.specs.size()];
  const auto input = experts::open_incident(c.reader, spec, *c.local);
  std::int64_t events = 0;
  for (auto _ : state) {
    state.SetIterationTime(resolve_workflows(input, "load_", true));
    events += events_of(spec);
  }
  state.SetLabel(spec.id);
  state.counters["events/s"] = benchmark::Counter(static_cast<double>(events), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_SharedWorkflows)->DenseRange(0, 8)->UseManualTime()->Unit(benchmark::kMillisecond);

// Reading the incident's sessions and events from the (compressed) corpus, for comparison.
void BM_CorpusRead(benchmark::State& state) {
  const auto& c = corpus();
  const auto& spec = c.specs[static_cast<std::size_t>(state.range(0)) % c.specs.size()];
  const auto input = experts::open_incident(c.reader, spec, *c.local);
  std::int64_t events = 0;
  for (auto _ : state) {
    state.SetIterationTime(resolve_workflows(input, "load_", false));
    events += events_of(spec);
  }
  state.SetLabel(spec.id);
  state.counters["events/s"] = benchmark::Counter(static_cast<double>(events), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_CorpusRead)->Arg(0)->UseManualTime()->Unit(benchmark::kMillisecond);

// Every registered expert through the mixture, one incident per category.
void BM_AllExperts(benchmark::State& state) {
  const auto& c = corpus();
  const auto& spec = c.specs[static_cast<std::size_t>(state.range(0)) % c.specs.size()];
  const auto input = experts::open_incident(c.reader, spec, *c.local);
  const auto all = experts::builtin_registry().make_all({}, nullptr);
  std::vector<const experts::Expert*> pointers;
  for (const auto& e : all) pointers.push_back(e.get());
  std::size_t ran = 0;
  for (auto _ : state) {
    auto result = experts::run_mixture(input, pointers, experts::MixtureOptions{});
    ran = 0;
    for (const auto& e : result.experts) ran += e.status == experts::ExpertOutcome::Status::kRan;
    benchmark::DoNotOptimize(result.leads.data());
  }
  state.SetLabel(spec.id);
  state.counters["experts_ran"] = static_cast<double>(ran);
  state.counters["events"] = static_cast<double>(events_of(spec));
}
BENCHMARK(BM_AllExperts)->DenseRange(0, 8)->Unit(benchmark::kMillisecond);

}  // namespace
