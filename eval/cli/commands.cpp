// The subcommand table and the dispatcher.
#include <sstream>

#include "eval/cli/command.hpp"
#include "eval/cli/options.hpp"
#include "runtime/error.hpp"
#include "runtime/version.hpp"

namespace moce::cli {

namespace {

std::string overview() {
  std::ostringstream out;
  out << "moce " << version() << " (" << git_sha() << "): MoCE root-cause analysis harness\n\n"
      << "usage: moce <command> [options]   (run under mpirun -np P to use P ranks)\n\n"
      << "Typical use: 'moce simulate --config configs/quickstart.ini --out q.h5', then\n"
      << "'moce evaluate --corpus q.h5 --out results/RUN' (tables, report.md, plots), or\n"
      << "'moce rca --corpus q.h5 --incident ID' for one incident.\n\ncommands:\n";
  for (auto& c : commands())
    if (c.listed) out << "  " << c.name << std::string(12 - std::min<std::size_t>(c.name.size(), 11), ' ')
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
      {"calibrate", "sweep expert parameters on a calibration corpus; write a tuned config for evaluate",
       calibrate_main},
      {"import", "convert outside data into a corpus: telemetry CSV (events), the RS incidents (rs), the "
                 "multi-dimensional RCA layout (cube), a raw server log (log)", import_main},
      {"export", "write a corpus as telemetry CSV (formats/telemetry-csv.md)", export_main},
      {"inspect", "validate a corpus and print its groups, row counts and attributes", inspect_main},
      {"opportunities", "find derived cohorts with a worse KPI over a long range (HotNets'25 hypotheses)",
       opportunities_main},
      // A test fixture (a tiny hand-written corpus): runnable, not listed.
      {"demo", "write a small demo corpus (a test fixture)", demo_main, false},
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
