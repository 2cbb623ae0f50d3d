// The simulate driver; see simulate_corpus.hpp.
#include "simulator/simulate_corpus.hpp"

#include <algorithm>
#include <chrono>
#include <filesystem>

#include "operators/io/corpus_format.hpp"
#include "operators/io/incident_index.hpp"
#include "runtime/version.hpp"
#include "simulator/incident_plan.hpp"
#include "simulator/network_model.hpp"
#include "simulator/realised_effect.hpp"
#include "simulator/server_log.hpp"
#include "simulator/session_generator.hpp"

namespace moce::sim {

namespace {
constexpr std::int64_t kEventsPerSessionGuess = 64;  // sizes chunks; a session's events are bounded by max_flows
}

SimulateSummary simulate_corpus(const World& world, const SimulateOptions& options, const std::string& path,
                                const Context& context, const std::string& config_text) {
  const auto t0 = std::chrono::steady_clock::now();
  const WorldStats stats(world);
  corpus::Provenance provenance;
  provenance.config_text = config_text;
  provenance.seed = static_cast<std::int64_t>(options.seed);
  provenance.generator = cat("moce simulate ", version());
  CorpusWriter writer(path, context, provenance, options.write);
  const NetworkModel network(world);

  std::string attribute_list, kpi_list;
  for (auto& a : world.attributes) attribute_list += (attribute_list.empty() ? "" : ",") + a.name;
  for (auto& k : world.kpis) kpi_list += (kpi_list.empty() ? "" : ",") + k.name;
  // Chunks are global session ranges; each is split across the ranks, so every rank makes the
  // same appends and the rows land in session order.
  const std::int64_t chunk_sessions =
      std::max<std::int64_t>(1, options.chunk_events / kEventsPerSessionGuess);

  SimulateSummary summary;
  Telemetry buffers;
  std::vector<IncidentPlan> plans;
  auto append = [&](const IncidentPlan& plan) {
    const auto& id = plan.spec.id;
    summary.events += static_cast<std::int64_t>(buffers.num_events());
    summary.sessions += static_cast<std::int64_t>(buffers.num_sessions());
    auto sessions = buffers.take_sessions(world);
    auto events = buffers.take_events(world);
    summary.bytes_uncompressed += static_cast<double>(sessions.bytes() + events.rows().bytes());
    writer.append(corpus::sessions_group(id), sessions);
    writer.append_sequence(corpus::events_group(id), corpus::events_offsets(id), events);
  };
  for (std::size_t g = 0; g < world.categories.size(); ++g)
    for (std::int64_t k = 0; k < options.incidents_per_category; ++k) {
      // The incident is drawn (and redrawn while its realised effect is below the floor) first;
      // an incident of one chunk keeps its sessions from that draw, a larger one is regenerated.
      const auto index = static_cast<std::int64_t>(plans.size());
      plans.push_back(draw_incident(world, stats, network, options.seed, static_cast<int>(g), k, index,
                                    options.incidents_per_category, options.sessions_per_incident, chunk_sessions,
                                    context, &buffers));
      const auto& plan = plans.back();
      const auto n = plan.sessions(options.sessions_per_incident);
      if (n <= chunk_sessions) {
        append(plan);
      } else {
        for (std::int64_t lo = 0; lo < n; lo += chunk_sessions) {
          buffers.reset(world);
          generate_share(world, network, plan, options.seed, lo, std::min(n, lo + chunk_sessions), context, buffers);
          append(plan);
        }
      }
      const auto& id = plan.spec.id;
      writer.set_attribute(corpus::sessions_group(id), kCohortAttributesAttribute, attribute_list);
      writer.set_attribute(corpus::sessions_group(id), kKpisAttribute, kpi_list);
      const auto minutes = block_share(server_log_minutes_total(plan), context.rank(), context.size());
      auto log = server_log_minutes(world, plan, options.seed, minutes.begin, minutes.end);
      summary.log_lines += static_cast<std::int64_t>(log.num_rows());
      summary.bytes_uncompressed += static_cast<double>(log.bytes());
      writer.append(corpus::logs_group(id), log);
    }
  std::vector<IncidentSpec> specs;
  for (auto& p : plans) specs.push_back(p.spec);
  write_incident_index(writer, context, specs, world.event_dict);
  // Every dictionary is written even if no row uses a value (e.g. an unused URL).
  writer.add_dictionary("url", *world.url_dict);
  writer.add_dictionary("log_level", *world.level_dict);
  writer.add_dictionary("log_template", *world.template_dict);
  if (!world.opportunities.empty()) writer.set_attribute("/", kPlantedOpportunitiesAttribute, planted_csv(world));
  writer.commit();

  summary.incidents = static_cast<std::int64_t>(plans.size());
  summary.sessions = context.allreduce(summary.sessions, ReduceOp::kSum);
  summary.events = context.allreduce(summary.events, ReduceOp::kSum);
  summary.log_lines = context.allreduce(summary.log_lines, ReduceOp::kSum);
  summary.bytes_uncompressed = context.allreduce(summary.bytes_uncompressed, ReduceOp::kSum);
  std::error_code error;
  const auto size = context.rank() == 0 ? std::filesystem::file_size(path, error) : 0;
  summary.bytes_written = context.allreduce(static_cast<double>(error ? 0 : size), ReduceOp::kMax);
  summary.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  summary.seconds = context.allreduce(summary.seconds, ReduceOp::kMax);
  return summary;
}

}  // namespace moce::sim
