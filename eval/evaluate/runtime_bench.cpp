#include "eval/evaluate/runtime_bench.hpp"

#include <algorithm>
#include <chrono>
#include <ctime>
#include <numeric>
#include <random>

#include "eval/evaluate/metrics.hpp"
#include "eval/evaluate/record.hpp"
#include "experts/mixture/mixture.hpp"
#include "runtime/dag/stats_json.hpp"

namespace moce::eval {

namespace {
double now() { return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count(); }
double cpu() { return static_cast<double>(std::clock()) / CLOCKS_PER_SEC; }
}  // namespace

RuntimeResult measure_runtime(const Context& world, const Context& group, int group_index, int groups,
                              const std::shared_ptr<const CorpusReader>& corpus,
                              const std::vector<IncidentSpec>& specs, const std::vector<std::int64_t>& events,
                              const std::vector<const experts::Expert*>& experts, std::size_t incidents,
                              std::size_t subsets, std::uint64_t seed, const std::vector<std::size_t>& ks) {
  RuntimeResult result;
  const double start = now();
  // The incidents: a seeded choice among those with a known cause, in id order.
  std::vector<std::size_t> candidates;
  for (std::size_t i = 0; i < specs.size(); ++i)
    if (!specs[i].truth.empty()) candidates.push_back(i);
  std::sort(candidates.begin(), candidates.end(), [&](auto a, auto b) { return specs[a].id < specs[b].id; });
  std::mt19937_64 rng(derive_seed(seed, "runtime"));
  for (std::size_t i = candidates.size(); i > 1; --i) std::swap(candidates[i - 1], candidates[rng() % i]);
  candidates.resize(std::min(candidates.size(), incidents));
  std::sort(candidates.begin(), candidates.end(), [&](auto a, auto b) { return specs[a].id < specs[b].id; });

  const std::size_t n = experts.size();
  std::vector<std::size_t> sizes = ks;
  if (sizes.empty())
    for (std::size_t k = 1; k <= n; ++k) sizes.push_back(k);
  std::erase_if(sizes, [&](std::size_t k) { return k < 1 || k > n; });
  result.rows.resize(sizes.size());
  // Local measurements, reduced once at the end: wall (max over ranks) and CPU (sum).
  std::vector<double> wall(2 * sizes.size(), 0), cpu_time(2 * sizes.size(), 0);
  experts::MixtureOptions lazy, naive;
  naive.graph.mode = Mode::kNaive;
  // Node counts and computations are summed by each group's rank 0 (counts[0], counts[1], then per
  // expert; computations per size), then over groups.
  std::vector<std::uint64_t> counts_sum(2 + n, 0), computations(2 * sizes.size(), 0);
  for (const auto* e : experts) result.per_expert.emplace_back(e->name(), 0);
  for (std::size_t ci = 0; ci < candidates.size(); ++ci) {
    const std::size_t c = candidates[ci];
    result.incidents.push_back(specs[c].id);
    result.events += events[c];
    if (static_cast<int>(ci % static_cast<std::size_t>(groups)) != group_index) continue;
    const auto input = experts::open_incident(corpus, specs[c], group);
    const auto counts = experts::count_nodes(input, experts);
    if (group.rank() == 0) {
      counts_sum[0] += counts.unified_internal;
      counts_sum[1] += counts.per_expert_internal;
      for (std::size_t e = 0; e < n && e < counts.per_expert.size(); ++e) counts_sum[2 + e] += counts.per_expert[e].second;
    }
    // Naive: every expert alone on its own graph (Mode::kNaive), run and timed once per incident.
    // A subset's naive run is exactly its experts' single runs one after the other (they share
    // nothing), so its naive wall, CPU and computations are the sums of these measurements.
    std::vector<double> alone_wall(n), alone_cpu(n);
    std::vector<std::uint64_t> alone_computations(n);
    for (std::size_t e = 0; e < n; ++e) {
      const double t0 = now(), c0 = cpu();
      const auto alone = experts::run_mixture(input, {experts[e]}, naive);
      alone_wall[e] = now() - t0;
      alone_cpu[e] = cpu() - c0;
      alone_computations[e] = alone.stats.computations;
    }
    std::mt19937_64 pick(derive_seed(seed, "runtime/" + specs[c].id));
    for (std::size_t si = 0; si < sizes.size(); ++si) {
      auto& row = result.rows[si];
      row.k = sizes[si];
      for (std::size_t s = 0; s < subsets; ++s) {
        std::vector<std::size_t> order(n);
        std::iota(order.begin(), order.end(), 0);
        for (std::size_t i = n; i > 1; --i) std::swap(order[i - 1], order[pick() % i]);
        order.resize(sizes[si]);
        std::sort(order.begin(), order.end());
        std::vector<const experts::Expert*> subset;
        for (auto i : order) subset.push_back(experts[i]);
        const double t0 = now(), c0 = cpu();
        const auto lazy_result = experts::run_mixture(input, subset, lazy);
        wall[2 * si] += now() - t0;
        cpu_time[2 * si] += cpu() - c0;
        if (group.rank() == 0) computations[2 * si] += lazy_result.stats.computations;
        for (auto i : order) {
          wall[2 * si + 1] += alone_wall[i];
          cpu_time[2 * si + 1] += alone_cpu[i];
          if (group.rank() == 0) computations[2 * si + 1] += alone_computations[i];
        }
      }
    }
  }
  group.allreduce_inplace(std::span<double>(wall), ReduceOp::kMax);
  if (group.rank() != 0) std::fill(wall.begin(), wall.end(), 0.0);
  world.allreduce_inplace(std::span<double>(wall), ReduceOp::kSum);
  world.allreduce_inplace(std::span<double>(cpu_time), ReduceOp::kSum);
  world.allreduce_inplace(std::span<std::uint64_t>(counts_sum), ReduceOp::kSum);
  world.allreduce_inplace(std::span<std::uint64_t>(computations), ReduceOp::kSum);
  result.distinct_internal_nodes = counts_sum[0];
  result.per_expert_internal_nodes = counts_sum[1];
  for (std::size_t e = 0; e < n; ++e) result.per_expert[e].second = counts_sum[2 + e];
  for (std::size_t si = 0; si < sizes.size(); ++si) {
    result.rows[si].k = sizes[si];
    result.rows[si].runs = candidates.size() * subsets;
    result.rows[si].lazy_computations = computations[2 * si];
    result.rows[si].naive_computations = computations[2 * si + 1];
    result.rows[si].lazy_seconds = wall[2 * si];
    result.rows[si].naive_seconds = wall[2 * si + 1];
    result.rows[si].lazy_cpu_seconds = cpu_time[2 * si];
    result.rows[si].naive_cpu_seconds = cpu_time[2 * si + 1];
  }
  result.seconds = now() - start;
  return result;
}

std::string runtime_json(const RuntimeResult& r, int ranks, int ranks_per_incident, double evaluate_seconds,
                         std::size_t evaluated_incidents, std::int64_t evaluated_events,
                         const std::vector<std::pair<int, double>>& group_seconds) {
  double lazy = 0, naive = 0, lazy_cpu = 0, naive_cpu = 0;
  for (const auto& row : r.rows) {
    lazy += row.lazy_seconds;
    naive += row.naive_seconds;
    lazy_cpu += row.lazy_cpu_seconds;
    naive_cpu += row.naive_cpu_seconds;
  }
  std::string out = "{\n";
  out += "  \"ranks\": " + std::to_string(ranks) + ",\n";
  out += "  \"ranks_per_incident\": " + std::to_string(ranks_per_incident) + ",\n";
  out += "  \"groups\": " + std::to_string(ranks / std::max(1, ranks_per_incident)) + ",\n";
  out += "  \"evaluate_seconds\": " + exact(evaluate_seconds) + ",\n";
  out += "  \"evaluated_incidents\": " + std::to_string(evaluated_incidents) + ",\n";
  out += "  \"evaluated_events\": " + std::to_string(evaluated_events) + ",\n";
  out += "  \"events_per_second\": " +
         exact(evaluate_seconds > 0 ? static_cast<double>(evaluated_events) / evaluate_seconds : 0) + ",\n";
  out += "  \"group_seconds\": {";
  for (std::size_t i = 0; i < group_seconds.size(); ++i)
    out += std::string(i ? ", " : "") + "\"" + std::to_string(group_seconds[i].first) + "\": " +
           exact(group_seconds[i].second);
  out += "},\n";
  out += "  \"runtime_incidents\": [";
  for (std::size_t i = 0; i < r.incidents.size(); ++i) out += (i ? ", " : "") + json_string(r.incidents[i]);
  out += "],\n";
  out += "  \"runtime_events\": " + std::to_string(r.events) + ",\n";
  out += "  \"lazy_seconds\": " + exact(lazy) + ",\n";
  out += "  \"naive_seconds\": " + exact(naive) + ",\n";
  out += "  \"lazy_cpu_seconds\": " + exact(lazy_cpu) + ",\n";
  out += "  \"naive_cpu_seconds\": " + exact(naive_cpu) + ",\n";
  out += "  \"speedup\": " + exact(lazy > 0 ? naive / lazy : 0) + ",\n";
  out += "  \"distinct_internal_nodes\": " + std::to_string(r.distinct_internal_nodes) + ",\n";
  out += "  \"per_expert_internal_nodes\": " + std::to_string(r.per_expert_internal_nodes) + ",\n";
  out += "  \"per_expert\": {";
  for (std::size_t i = 0; i < r.per_expert.size(); ++i)
    out += std::string(i ? ", " : "") + json_string(r.per_expert[i].first) + ": " + std::to_string(r.per_expert[i].second);
  out += "},\n";
  out += "  \"by_k\": [\n";
  for (std::size_t i = 0; i < r.rows.size(); ++i) {
    const auto& row = r.rows[i];
    out += "    {\"k\": " + std::to_string(row.k) + ", \"runs\": " + std::to_string(row.runs) +
           ", \"lazy_seconds\": " + exact(row.lazy_seconds) + ", \"naive_seconds\": " + exact(row.naive_seconds) +
           ", \"lazy_cpu_seconds\": " + exact(row.lazy_cpu_seconds) +
           ", \"naive_cpu_seconds\": " + exact(row.naive_cpu_seconds) +
           ", \"lazy_computations\": " + std::to_string(row.lazy_computations) +
           ", \"naive_computations\": " + std::to_string(row.naive_computations) + "}" +
           (i + 1 < r.rows.size() ? ",\n" : "\n");
  }
  out += "  ],\n  \"measure_seconds\": " + exact(r.seconds) + "\n}\n";
  return out;
}

}  // namespace moce::eval
