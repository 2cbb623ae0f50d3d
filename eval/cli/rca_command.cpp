// `moce rca`: root-causes one incident of a corpus with the mixture of experts and prints the
// top-K leads, the experts that voted for each and their evidence (text or JSON).
#include <cstdio>
#include <fstream>
#include <optional>
#include <memory>
#include <sstream>

#include "eval/cli/command.hpp"
#include "eval/cli/options.hpp"
#include "eval/cli/plugins.hpp"
#include "eval/cli/rca_report.hpp"
#include "experts/mixture/mixture_config.hpp"
#include "operators/io/corpus_reader.hpp"
#include "operators/io/incident_index.hpp"
#include "runtime/error.hpp"

namespace moce::cli {

int rca_main(const Context& world, const std::vector<std::string>& args) {
  CommandSpec spec{"rca", "moce rca --corpus C --incident ID [--experts LIST] [--k 5] [--json] [options]",
                   "Routes one incident of the corpus to the experts that serve its KPI and telemetry, runs them on "
                   "one lazy DAG (shared workflows computed once) and combines their leads: prints the top-K leads "
                   "with their combined scores, the experts that voted for each, and the evidence. Under mpirun the "
                   "incident's sessions are sharded over the ranks; the output is the same. Settings: [mixture] k, "
                   "floor, threads, weight.<expert>; [expert.<name>] parameters (see 'moce experts --verbose').",
                   {}};
  po::options_description options("options");
  add_option(options, "corpus", "corpus file (required)");
  add_option(options, "incident", "incident id (required; 'moce inspect' lists them)");
  add_option(options, "experts", "comma-separated experts to run (default: all)");
  add_plugin_option(options);
  add_option(options, "k", "leads to print (default 5)");
  add_flag(options, "json", "print JSON instead of text");
  add_flag(options, "dag-stats", "also print the unified DAG's distinct internal nodes against each expert's own");
  add_option(options, "dag-dot", "write the unified DAG as Graphviz dot to this file");
  auto config = parse_command_line(spec, options, args, world);
  if (!config) return 0;
  const std::string corpus_path = config->require_string("corpus");
  const std::string incident = config->require_string("incident");
  const bool json = config->get_bool("json", false);
  const bool dag_stats = config->get_bool("dag-stats", false);
  const std::string dot_path = config->get_string("dag-dot", "");
  const auto registry = expert_registry(*config);
  auto setup = experts::read_mixture(*config, registry);
  config->reject_unread("moce rca");

  auto corpus = std::make_shared<const CorpusReader>(corpus_path);
  const auto specs = read_incident_index(*corpus);
  const IncidentSpec* found = nullptr;
  for (const auto& s : specs)
    if (s.id == incident) found = &s;
  if (!found) throw InputError(cat("corpus '", corpus_path, "': no incident '", incident, "' in /incidents/index (",
                                   specs.size(), " incidents; 'moce inspect' lists them)"));
  const auto input = experts::open_incident(corpus, *found, world);
  experts::check_incident_data(input);
  const auto experts = setup.pointers();
  const auto result = experts::run_mixture(input, experts, setup.options);
  std::optional<experts::DagCounts> counts;
  if (dag_stats) counts = experts::count_nodes(input, experts);
  if (!dot_path.empty() && world.rank() == 0) {
    const std::string tmp = dot_path + ".tmp";
    {
      std::ofstream dot(tmp);
      if (!dot) throw InputError(cat("--dag-dot: cannot write '", dot_path, "'"));
      experts::write_dot(dot, input, experts);
      if (!dot.flush()) throw InputError(cat("--dag-dot: writing '", dot_path, "' failed"));
    }
    if (std::rename(tmp.c_str(), dot_path.c_str()) != 0) throw InputError(cat("--dag-dot: cannot rename onto '", dot_path, "'"));
  }
  print(world, json ? rca_json(input.spec, result, counts) : rca_text(input.spec, result, counts));
  return 0;
}

}  // namespace moce::cli
