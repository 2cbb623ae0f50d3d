// Figure 9b: the mixture's cost against the number of experts, lazy (one shared DAG, shared
// workflows computed once) against naive (each expert its own graph, Mode::kNaive). For each
// k = 1..E, `subsets` seeded random subsets of k experts run on each chosen incident. Lazy runs
// are timed per subset; each expert's naive run is timed once per incident and a subset's naive
// cost is the sum over its experts (naive runs share nothing: that sum is the naive mixture).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "experts/core/expert.hpp"
#include "operators/io/corpus_reader.hpp"
#include "operators/io/incident_index.hpp"
#include "runtime/comm/context.hpp"

namespace moce::eval {

struct RuntimeRow {
  std::size_t k = 0;
  std::size_t runs = 0;  // incidents x subsets
  double lazy_seconds = 0, naive_seconds = 0;          // wall, slowest rank, summed over runs
  double lazy_cpu_seconds = 0, naive_cpu_seconds = 0;  // CPU, summed over ranks and runs
  std::uint64_t lazy_computations = 0, naive_computations = 0;  // operator runs (rank 0)
};

struct RuntimeResult {
  std::vector<RuntimeRow> rows;
  std::vector<std::string> incidents;
  std::int64_t events = 0;  // of the chosen incidents
  std::size_t distinct_internal_nodes = 0;     // summed over the incidents (all experts)
  std::size_t per_expert_internal_nodes = 0;
  std::vector<std::pair<std::string, std::size_t>> per_expert;  // summed over the incidents
  double seconds = 0;
};

// Collective over `world`. The chosen incidents are dealt round-robin to the `groups` rank groups
// (`group` is this rank's, number `group_index`); a group shards an incident's sessions over its
// ranks. Wall seconds are the slowest rank of a group, summed over groups (total work); CPU seconds
// sum over all ranks.
RuntimeResult measure_runtime(const Context& world, const Context& group, int group_index, int groups,
                              const std::shared_ptr<const CorpusReader>& corpus,
                              const std::vector<IncidentSpec>& specs, const std::vector<std::int64_t>& events,
                              const std::vector<const experts::Expert*>& experts, std::size_t incidents,
                              std::size_t subsets, std::uint64_t seed, const std::vector<std::size_t>& ks);

std::string runtime_json(const RuntimeResult& r, int ranks, int ranks_per_incident, double evaluate_seconds,
                         std::size_t evaluated_incidents, std::int64_t evaluated_events,
                         const std::vector<std::pair<int, double>>& group_seconds);

}  // namespace moce::eval
