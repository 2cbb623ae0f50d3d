// `moce simulate`: generates a labelled incident corpus (MoCE sec. 5.4) from a world config.
#include <cstdio>

#include "eval/cli/command.hpp"
#include "eval/cli/options.hpp"
#include "runtime/error.hpp"
#include "simulator/simulate_corpus.hpp"
#include "simulator/world_config.hpp"

namespace moce::cli {

int simulate_main(const Context& world, const std::vector<std::string>& args) {
  CommandSpec spec{"simulate", "moce simulate --config FILE --out CORPUS.h5 [options]",
                   "Simulates clients, network and backend of an Internet-scale service, injects one incident "
                   "per scenario (incident categories and world vocabulary come from the config; see "
                   "simulator/README.md) and writes telemetry plus ground truth into one HDF5 corpus. Under "
                   "mpirun every rank generates and writes its share; the datasets do not depend on the rank count.",
                   {}};
  po::options_description options("options");
  add_option(options, "out", "output corpus file (required)");
  add_option(options, "seed", "random seed (default 1)");
  add_option(options, "incidents-per-category", "incidents of each category (default 36)");
  add_option(options, "sessions-per-incident", "sessions per incident (default 2000)");
  add_option(options, "compression", "deflate level 0..9, 0 = uncompressed (default 1)");
  add_option(options, "chunk-events", "events per collective write, over all ranks (default 2000000)");
  add_option(options, "world", "world file (default: the config's 'world' key)");
  auto config = parse_command_line(spec, options, args, world);
  if (!config) return 0;
  auto resolved = sim::resolve_world_config(*config);
  sim::SimulateOptions simulate;
  const std::string out = resolved.require_string("out");
  simulate.seed = static_cast<std::uint64_t>(resolved.get_int("seed", 1, 0, INT64_MAX));
  simulate.incidents_per_category = resolved.get_int("incidents-per-category", 36, 0, 1'000'000);
  simulate.sessions_per_incident = resolved.get_int("sessions-per-incident", 2000, 0, 1'000'000'000'000);
  simulate.write.compression = static_cast<int>(resolved.get_int("compression", 1, 0, 9));
  simulate.chunk_events = resolved.get_int("chunk-events", 2'000'000, 1000, 1'000'000'000);
  const auto world_model = sim::load_world(resolved);
  resolved.reject_unread("moce simulate");
  const auto summary = sim::simulate_corpus(world_model, simulate, out, world, resolved.to_ini());
  char line[512];
  std::snprintf(line, sizeof line,
                "simulated %s: %lld incidents, %lld sessions, %lld events, %lld log lines on %d rank(s) in %.2f s "
                "(%.3g events/s), %.1f MB written (%.1f MB uncompressed)\n",
                out.c_str(), static_cast<long long>(summary.incidents), static_cast<long long>(summary.sessions),
                static_cast<long long>(summary.events), static_cast<long long>(summary.log_lines), world.size(),
                summary.seconds, static_cast<double>(summary.events) / std::max(summary.seconds, 1e-9),
                summary.bytes_written / 1e6, summary.bytes_uncompressed / 1e6);
  print(world, line);
  return 0;
}

}  // namespace moce::cli
