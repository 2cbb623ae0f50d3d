// run_lazy and run_naive: the two ways of running one mixture, measured the same way.
#include "runtime/dag/mixture_run.hpp"

#include <chrono>

namespace moce {

MixtureCost run_lazy(std::span<const ExpertProgram> experts, const Graph::Options& options) {
  const auto start = std::chrono::steady_clock::now();
  Graph graph(options);
  for (const ExpertProgram& expert : experts) expert(graph);
  MixtureCost cost;
  cost.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  cost.stats = graph.stats();
  return cost;
}

MixtureCost run_naive(std::span<const ExpertProgram> experts, Graph::Options options) {
  options.mode = Mode::kNaive;
  const auto start = std::chrono::steady_clock::now();
  MixtureCost cost;
  for (const ExpertProgram& expert : experts) {
    Graph graph(options);
    expert(graph);
    cost.stats += graph.stats();
  }
  cost.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return cost;
}

}  // namespace moce
