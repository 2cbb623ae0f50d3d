// `moce export events --corpus FILE --out DIR`: any corpus as telemetry CSV
// (operators/io/telemetry_csv/README.md). Rank 0 writes; under mpirun the others wait.
#include <chrono>

#include "eval/cli/command.hpp"
#include "eval/cli/options.hpp"
#include "operators/io/telemetry_csv/telemetry_export.hpp"
#include "runtime/error.hpp"

namespace moce::cli {

int export_main(const Context& world, const std::vector<std::string>& args) {
  CommandSpec spec{"export", "moce export events --corpus FILE --out DIR",
                   "Writes a corpus (simulated or imported) as telemetry CSV files in a new directory DIR: "
                   "incidents.csv, sessions.csv, events.csv, dictionaries.csv and, when the corpus has logs, "
                   "logs.csv. 'moce import events' reads them back into identical datasets. DIR must not exist "
                   "or be empty; on error nothing is left there. Under mpirun rank 0 does the work.",
                   {"kind"}};
  po::options_description options("options");
  add_option(options, "corpus", "corpus file to export (required)");
  add_option(options, "out", "output directory (required; must not exist or be empty)");
  auto config = parse_command_line(spec, options, args, world);
  if (!config) return 0;
  require_events_kind(*config, "export", "moce export events --corpus FILE --out DIR");
  const auto corpus = config->require_string("corpus");
  const auto out = config->require_string("out");
  config->reject_unread("moce export");

  const auto t0 = std::chrono::steady_clock::now();
  ExportSummary summary;
  std::string failure;
  if (world.rank() == 0) {
    try {
      summary = export_telemetry(corpus, out);
    } catch (const std::exception& e) {
      failure = e.what();
    }
  }
  world.broadcast(failure, 0);
  if (!failure.empty()) throw InputError(failure);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  print(world, cat("exported ", corpus, " -> ", out, ": ", summary.incidents, " incidents, ", summary.sessions,
                   " sessions, ", summary.events, " events, ", summary.logs, " log rows; ",
                   static_cast<double>(summary.csv_bytes) / 1e6, " MB of CSV in ", seconds, " s\n"));
  return 0;
}

}  // namespace moce::cli
