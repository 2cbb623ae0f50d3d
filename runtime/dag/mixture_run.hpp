// Measuring lazy against naive execution of a mixture of experts (paper sec. 6.1, 6.3): the same
// expert functions run once on one shared lazy Graph, and once each on its own naive Graph.
#pragma once

#include <functional>
#include <span>

#include "runtime/dag/graph.hpp"
#include "runtime/dag/stats.hpp"

namespace moce {

// An expert as a program: it builds its part of the DAG on the graph it is given and calls get()
// on what it needs (its leads are returned through whatever the caller captured).
using ExpertProgram = std::function<void(Graph&)>;

struct MixtureCost {
  GraphStats stats;     // lazy: the shared graph; naive: the sum over the experts' graphs
  double seconds = 0;   // wall time of running all the experts
};

// All experts on one Graph with `options` (their shared nodes computed once).
MixtureCost run_lazy(std::span<const ExpertProgram> experts, const Graph::Options& options = {});
// Each expert on a fresh Graph with `options` turned naive (no sharing, no cache).
MixtureCost run_naive(std::span<const ExpertProgram> experts, Graph::Options options = {});

}  // namespace moce
