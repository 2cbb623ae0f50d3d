// `moce import events --in DIR --out FILE`: telemetry CSV (operators/io/telemetry_csv/README.md)
// into a corpus. Rank 0 converts; under mpirun the other ranks wait and share its outcome.
#include <chrono>

#include "eval/cli/command.hpp"
#include "eval/cli/options.hpp"
#include "operators/io/telemetry_csv/telemetry_import.hpp"
#include "runtime/error.hpp"

namespace moce::cli {

int import_main(const Context& world, const std::vector<std::string>& args) {
  CommandSpec spec{"import", "moce import events --in DIR --out FILE [options]",
                   "Converts a directory of telemetry CSV files (incidents.csv, sessions.csv, events.csv, optional "
                   "logs.csv and dictionaries.csv; format in operators/io/telemetry_csv/README.md) into a corpus in "
                   "the layout 'moce simulate' writes. Events are sorted through temporary files beside FILE, so "
                   "memory is bounded by the largest incident, not the input. Bad input stops the import with the "
                   "file, line and column at fault, and leaves no output file. Under mpirun rank 0 does the work.",
                   {"kind"}};
  po::options_description options("options");
  add_option(options, "in", "directory holding the CSV files (required)");
  add_option(options, "out", "output corpus file (required)");
  add_option(options, "compression", "deflate level 0..9, 0 = uncompressed (default 1)");
  add_option(options, "block-mib", "CSV read block in MiB (default 8)");
  auto config = parse_command_line(spec, options, args, world);
  if (!config) return 0;
  require_events_kind(*config, "import", "moce import events --in DIR --out FILE");
  ImportOptions import;
  const auto in = config->require_string("in");
  const auto out = config->require_string("out");
  import.write.compression = static_cast<int>(config->get_int("compression", 1, 0, 9));
  import.block_bytes = static_cast<std::size_t>(config->get_int("block-mib", 8, 1, 1024)) << 20;
  config->reject_unread("moce import");
  import.config_text = config->to_ini();

  const auto t0 = std::chrono::steady_clock::now();
  ImportSummary summary;
  std::string failure;
  if (world.rank() == 0) {
    try {
      summary = import_telemetry(in, out, import);
    } catch (const std::exception& e) {
      failure = e.what();
    }
  }
  world.broadcast(failure, 0);
  if (!failure.empty()) throw InputError(failure);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  const double mb = static_cast<double>(summary.csv_bytes) / 1e6;
  print(world, cat("imported ", in, " -> ", out, ": ", summary.incidents, " incidents, ", summary.sessions,
                   " sessions, ", summary.events, " events, ", summary.logs, " log rows; ", mb, " MB of CSV in ",
                   seconds, " s (", mb / seconds, " MB/s)\n"));
  return 0;
}

}  // namespace moce::cli
