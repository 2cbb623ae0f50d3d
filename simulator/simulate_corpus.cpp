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
#include "simulator/server_log.hpp"
#include "simulator/session_generator.hpp"

namespace moce::sim {

namespace {
constexpr std::int64_t kEventsPerSessionGuess = 64;  // sizes chunks; a session's events are bounded by max_flows
}

SimulateSummary simulate_corpus(const World& world, const SimulateOptions& options, const std::string& path,
                                const Context& context, const std::string& config_text) {
  const auto t0 = std::chrono::steady_clock::now();
  const auto plans = plan_incidents(world, options.seed, options.incidents_per_category);
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
  const std::int64_t n = options.sessions_per_incident;
  const std::int64_t chunks = std::max<std::int64_t>(1, (n + chunk_sessions - 1) / chunk_sessions);

  SimulateSummary summary;
  Telemetry buffers;
  for (auto& plan : plans) {
    SessionGenerator generator(world, network, plan, options.seed);
    const auto& id = plan.spec.id;
    for (std::int64_t c = 0; c < chunks; ++c) {
      const std::int64_t lo = c * chunk_sessions, hi = std::min(n, lo + chunk_sessions);
      const auto share = block_share(std::max<std::int64_t>(hi - lo, 0), context.rank(), context.size());
      buffers.reset(world);
      for (std::int64_t s = lo + share.begin; s < lo + share.end; ++s) generator.generate(s, buffers);
      summary.events += static_cast<std::int64_t>(buffers.num_events());
      summary.sessions += static_cast<std::int64_t>(buffers.num_sessions());
      auto sessions = buffers.take_sessions(world);
      auto events = buffers.take_events(world);
      summary.bytes_uncompressed += static_cast<double>(sessions.bytes() + events.rows().bytes());
      writer.append(corpus::sessions_group(id), sessions);
      writer.append_sequence(corpus::events_group(id), corpus::events_offsets(id), events);
    }
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
