// `moce experts`: every registered expert with its KPI kinds, hypothesis space, inputs and
// parameters (with --config, the resolved values).
#include <sstream>

#include "eval/cli/command.hpp"
#include "eval/cli/options.hpp"
#include "eval/cli/plugins.hpp"
#include "experts/core/registry.hpp"

namespace moce::cli {

int experts_main(const Context& world, const std::vector<std::string>& args) {
  CommandSpec spec{"experts", "moce experts [--config FILE] [--verbose] [--plugin LIB]...",
                   "Lists the registered experts, one line each: name, Shapley family, KPI kinds, telemetry it "
                   "needs and hypothesis space. --verbose adds the algorithm and every parameter with its value "
                   "(from [expert.<name>] of --config, or the default).",
                   {}};
  po::options_description options("options");
  add_flag(options, "verbose", "also print each expert's algorithm and parameters");
  add_plugin_option(options);
  auto config = parse_command_line(spec, options, args, world);
  if (!config) return 0;
  const bool verbose = config->get_bool("verbose", false);
  const auto registry = expert_registry(*config);
  std::vector<std::unique_ptr<experts::Expert>> all;
  for (const auto& name : registry.names()) all.push_back(registry.make(name, &*config));
  config->reject_unread("moce experts");
  std::ostringstream out;
  for (const auto& expert : all) {
    const auto& info = expert->info();
    std::string kinds, inputs;
    for (auto kind : info.kpi_kinds) kinds += (kinds.empty() ? "" : "+") + std::string(to_string(kind));
    for (auto input : info.inputs) inputs += (inputs.empty() ? "" : "+") + std::string(experts::to_string(input));
    out << info.name << "  [" << info.family << "]  kpi: " << kinds << "  inputs: " << inputs
        << "  leads: " << info.hypothesis_space << "\n";
    if (verbose) {
      out << "    algorithm: " << info.algorithm << "\n";
      for (const auto& [key, value] : expert->parameters()) out << "    " << key << " = " << value << "\n";
    }
  }
  print(world, out.str());
  return 0;
}

}  // namespace moce::cli
