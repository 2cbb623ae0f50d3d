// The subcommand table and the dispatcher.
#include <sstream>

#include "eval/cli/command.hpp"
#include "eval/cli/options.hpp"
#include "runtime/error.hpp"
#include "runtime/version.hpp"

namespace moce::cli {

namespace {

// Subcommands whose issue has not landed: they say so and exit 2, and --help still works.
template <const char* Name, const char* What>
int not_implemented(const Context& world, const std::vector<std::string>& args) {
  for (auto& a : args)
    if (a == "--help" || a == "-h") {
      print(world, cat("usage: moce ", Name, " [options]\n\n", What, "\n\nNot implemented yet in this build.\n"));
      return 0;
    }
  throw NotImplementedError(cat("moce ", Name, ": not implemented yet (", What, ")"));
}

constexpr char kCalibrate[] = "calibrate";
constexpr char kCalibrateWhat[] = "sweep expert parameters on a calibration corpus and write a tuned config";

std::string overview() {
  std::ostringstream out;
  out << "moce " << version() << " (" << git_sha() << "): MoCE root-cause analysis harness\n\n"
      << "usage: moce <command> [options]   (run under mpirun -np P to use P ranks)\n\ncommands:\n";
  for (auto& c : commands()) out << "  " << c.name << std::string(12 - std::min<std::size_t>(c.name.size(), 11), ' ')
                                 << c.summary << "\n";
  out << "\n'moce <command> --help' describes a command's options.\n";
  return out.str();
}

}  // namespace

const std::vector<Command>& commands() {
  static const std::vector<Command> table = {
      {"simulate", "generate a labelled incident corpus into HDF5 (MPI ranks write one file)", simulate_main},
      {"evaluate", "score the mixture, each expert and the baselines over a corpus: recall, precision, Shapley, "
                   "runtime, report", evaluate_main},
      {"rca", "root-cause one incident of a corpus: the mixture's top-K leads, votes and evidence", rca_main},
      {"experts", "list the registered experts: KPI kinds, inputs, hypothesis space, parameters", experts_main},
      {"calibrate", kCalibrateWhat, not_implemented<kCalibrate, kCalibrateWhat>},
      {"import", "convert telemetry CSV (formats/telemetry-csv.md) into a corpus", import_main},
      {"export", "write a corpus as telemetry CSV (formats/telemetry-csv.md)", export_main},
      {"inspect", "validate a corpus and print its groups, row counts and attributes", inspect_main},
      {"demo", "write a small demo corpus (until the simulator lands)", demo_main},
  };
  return table;
}

int run(const Context& world, const std::vector<std::string>& args) {
  if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
    print(world, overview());
    if (args.empty()) throw UsageError("moce: no command given (see 'moce --help')");
    return 0;
  }
  if (args[0] == "--version") {
    print(world, cat("moce ", version(), " ", git_sha(), "\n"));
    return 0;
  }
  for (auto& c : commands())
    if (c.name == args[0]) return c.run(world, {args.begin() + 1, args.end()});
  throw UsageError(cat("moce: unknown command '", args[0], "' (see 'moce --help')"));
}

}  // namespace moce::cli
