// `moce demo`: writes the small demo corpus (what the quick start runs until `simulate` lands).
#include <chrono>

#include "eval/cli/command.hpp"
#include "eval/cli/options.hpp"
#include "simulator/demo_corpus.hpp"

namespace moce::cli {

int demo_main(const Context& world, const std::vector<std::string>& args) {
  CommandSpec spec{"demo", "moce demo --out FILE [options]",
                   "Writes a small deterministic demo corpus in the moce corpus layout. Under mpirun every rank "
                   "writes its share of sessions into the one file; the datasets do not depend on the rank count.",
                   {}};
  po::options_description options("options");
  add_option(options, "out", "output corpus file (required)");
  add_option(options, "seed", "random seed (default 1)");
  add_option(options, "incidents", "number of incidents (default 2)");
  add_option(options, "sessions-per-incident", "sessions per incident (default 1000)");
  add_option(options, "compression", "deflate level 0..9, 0 = uncompressed (default 1)");
  add_option(options, "fail-rank", "diagnostic: this rank throws midway, to exercise the job-abort path");
  auto config = parse_command_line(spec, options, args, world);
  if (!config) return 0;
  DemoOptions demo;
  const std::string out = config->require_string("out");
  demo.seed = config->get_int("seed", 1, 0, INT64_MAX);
  demo.incidents = config->get_int("incidents", 2, 1, 100000);
  demo.sessions_per_incident = config->get_int("sessions-per-incident", 1000, 0, 1'000'000'000);
  demo.write.compression = static_cast<int>(config->get_int("compression", 1, 0, 9));
  demo.fail_rank = static_cast<int>(config->get_int("fail-rank", -1, -1, world.size() - 1));
  config->reject_unread("moce demo");
  const auto t0 = std::chrono::steady_clock::now();
  write_demo_corpus(out, world, demo, config->to_ini());
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  print(world, cat("wrote ", out, ": ", demo.incidents, " incidents x ", demo.sessions_per_incident, " sessions on ",
                   world.size(), " rank(s) in ", seconds, " s\n"));
  return 0;
}

}  // namespace moce::cli
