// `moce opportunities` (HotNets'25): over a long-range corpus (one incident row whose windows span
// the range), tests hypothesis templates over derived attributes, compiled into one lazy DAG and
// validated by a mixture of statistical experts; writes opportunities.csv, planted.csv, report.md
// and config.ini (resolved options, seed, ranks, git SHA) into --out, each atomically.
#include <filesystem>
#include <sstream>

#include "eval/cli/command.hpp"
#include "eval/cli/options.hpp"
#include "eval/evaluate/files.hpp"
#include "experts/core/incident_input.hpp"
#include "experts/opportunity/finder.hpp"
#include "experts/opportunity/hypotheses_file.hpp"
#include "experts/opportunity/outputs.hpp"
#include "operators/io/corpus_format.hpp"
#include "operators/io/incident_index.hpp"
#include "runtime/error.hpp"
#include "runtime/version.hpp"

namespace moce::cli {

namespace fs = std::filesystem;
namespace opp = moce::experts::opportunity;

int opportunities_main(const Context& world, const std::vector<std::string>& args) {
  CommandSpec spec{
      "opportunities",
      "moce opportunities --corpus C --kpi NAME|all --out results/RUN [--hypotheses FILE] [--budget N] [options]",
      "Finds sub-populations defined by derived attributes (event sequences, user lifecycle, night/weekend, "
      "session state, server-log bursts and load) whose KPI is worse, over the whole time range of one "
      "incident row (the first, or --incident). Hypotheses come from the built-in grids, or from --hypotheses "
      "FILE (JSON; see configs/hypotheses.example.json). All are compiled into one lazy DAG; every session is "
      "processed, sharded over the MPI ranks. With --budget N the feedback loop spends N hypotheses in rounds "
      "(--no-feedback: an evenly spaced slice of the pool). Outputs in --out: opportunities.csv, planted.csv "
      "(against the corpus' planted_opportunities attribute or --planted CSV), report.md, config.ini.",
      {}};
  po::options_description options("options");
  add_option(options, "corpus", "corpus file (required)");
  add_option(options, "kpi", "KPI column, a comma-separated list, or 'all' (required)");
  add_option(options, "out", "output folder (required)");
  add_option(options, "incident", "incident row whose range is searched (default: the first)");
  add_option(options, "hypotheses", "JSON file of concrete hypotheses (replaces the built-in grids)");
  add_option(options, "budget", "hypotheses to test (default 0 = every hypothesis of the pool)");
  add_option(options, "cross", "static attributes the grids cross with (default: every cohort attribute with at "
                               "most --max-values values)");
  add_option(options, "max-values", "default crossings skip attributes with more values than this (default 100: "
                                    "an imported numeric column that is not the KPI is no cohort attribute)");
  add_option(options, "planted", "CSV of planted opportunities (columns kpi,cohort[,name]); default: the corpus'");
  add_option(options, "higher-is-better", "true|false for every KPI (default: binary KPIs true, real KPIs false)");
  add_option(options, "seed", "recorded seed (the finder draws no random numbers; default 1)");
  add_flag(options, "no-feedback", "spend --budget as an evenly spaced slice of the pool");
  auto config = parse_command_line(spec, options, args, world);
  if (!config) return 0;
  const auto corpus_path = config->require_string("corpus");
  const auto out_dir = config->require_string("out");
  const auto kpi_arg = config->require_string("kpi");
  opp::FinderOptions finder;
  finder.budget = config->get_int("budget", 0, 0, INT64_MAX);
  finder.feedback = !config->get_bool("no-feedback", false);
  if (config->has("higher-is-better")) finder.higher_is_better = config->get_bool("higher-is-better", false) ? 1 : 0;
  const auto seed = config->get_int("seed", 1, 0, INT64_MAX);

  auto corpus = std::make_shared<const CorpusReader>(corpus_path);
  const auto specs = read_incident_index(*corpus);
  if (specs.empty()) throw InputError(cat("corpus '", corpus_path, "': no incident rows"));
  const auto wanted = config->get_string("incident", specs.front().id);
  const IncidentSpec* found = nullptr;
  for (auto& s : specs)
    if (s.id == wanted) found = &s;
  if (!found) throw UsageError(cat("--incident: no incident '", wanted, "' in corpus '", corpus_path, "'"));
  const auto input = experts::open_incident(corpus, *found, world);
  if (!corpus->exists(corpus::sessions_group(found->id) + "/start"))
    throw InputError(cat("corpus '", corpus_path, "', incident '", found->id,
                         "': the finder needs per-session telemetry (", corpus::sessions_group(found->id),
                         " with a start column)"));
  std::vector<std::string> kpis = kpi_arg == "all" ? input.schema.kpis : config->get_list("kpi", {});
  for (auto& k : kpis)
    if (std::find(input.schema.kpis.begin(), input.schema.kpis.end(), k) == input.schema.kpis.end())
      throw UsageError(cat("--kpi: '", k, "' is not a KPI of corpus '", corpus_path, "' (it has: ",
                           corpus->string_attribute(corpus::sessions_group(found->id), kKpisAttribute), ")"));
  const auto max_values = config->get_int("max-values", 100, 1, INT32_MAX);
  std::vector<std::string> crossable;
  for (auto& a : input.schema.cohort_attributes) {
    const auto dict = corpus->dictionary(a);
    if (dict && dict->size() <= max_values) crossable.push_back(a);
  }
  finder.cross = config->get_list("cross", crossable);
  for (auto& a : finder.cross)
    if (std::find(input.schema.cohort_attributes.begin(), input.schema.cohort_attributes.end(), a) ==
        input.schema.cohort_attributes.end())
      throw UsageError(cat("--cross: '", a, "' is not a cohort attribute of corpus '", corpus_path, "'"));

  std::vector<opp::Hypothesis> pool;
  std::string source = "built-in grids";
  if (config->has("hypotheses")) {
    source = "file " + config->get_string("hypotheses", "");
    for (auto& h : opp::load_hypotheses(config->get_string("hypotheses", ""), input.schema.kpis,
                                        input.schema.cohort_attributes))
      if (std::find(kpis.begin(), kpis.end(), h.kpi) != kpis.end()) pool.push_back(h);
  } else {
    pool = opp::grid_hypotheses(kpis, finder.cross);
  }
  std::vector<opp::Planted> planted;
  if (config->has("planted")) {
    planted = opp::parse_planted(eval::read_text(config->get_string("planted", "")), config->get_string("planted", ""));
  } else {
    const auto attrs = corpus->attributes("/");
    for (auto& [name, value] : attrs)
      if (name == "planted_opportunities") planted = opp::parse_planted(value, cat(corpus_path, ": attribute /planted_opportunities"));
  }

  const auto result = opp::find_opportunities(input, pool, finder);
  const auto scores = opp::score_planted(result.ranked, planted, kpis, {5, 10, 20});
  if (world.rank() == 0) {
    fs::create_directories(out_dir);
    eval::remove_stale_temporaries(out_dir);
    eval::write_atomic(out_dir + "/opportunities.csv", opp::opportunities_csv(result, planted));
    eval::write_atomic(out_dir + "/planted.csv", opp::planted_scores_csv(scores));
    opp::ReportInfo info{corpus_path, found->id, source, git_sha(), kpis, world.size(), finder.budget,
                         finder.feedback, !planted.empty()};
    eval::write_atomic(out_dir + "/report.md", opp::report_md(result, planted, scores, info));
    std::string ini = "# moce opportunities: the resolved settings of this run\n" + config->to_ini();
    const auto& prov = corpus->provenance();
    ini += cat("\n[run]\nmoce_version = ", version(), "\ngit_sha = ", git_sha(), "\nranks = ", world.size(),
               "\nseed = ", seed, "\ncorpus = ", fs::absolute(corpus_path).string(), "\ncorpus_seed = ", prov.seed,
               "\ncorpus_git_sha = ", prov.git_sha, "\nhypotheses = ", result.hypotheses, "\ncohort_tests = ",
               result.cohorts, "\nrounds = ", result.rounds, "\nseconds = ", result.seconds,
               "\ndistinct_nodes = ", result.distinct_nodes, "\nper_hypothesis_nodes = ", result.per_hypothesis_nodes,
               "\n");
    for (auto& [family, n] : result.cohorts_by_template) ini += cat("cohort_tests.", family, " = ", n, "\n");
    eval::write_atomic(out_dir + "/config.ini", ini);
  }
  std::int64_t found_total = 0, planted_total = 0;
  for (auto& s : scores)
    if (s.k == 10) found_total += s.found, planted_total += s.planted;
  print(world, cat("opportunities: ", result.hypotheses, " hypotheses, ", result.cohorts, " cohort tests, ",
                   result.ranked.size(), " leads in ", result.seconds, " s on ", world.size(), " rank(s); DAG ",
                   result.distinct_nodes, " nodes (", result.per_hypothesis_nodes, " per-hypothesis); planted found in top 10: ",
                   found_total, "/", planted_total, "; wrote ", out_dir, "\n"));
  return 0;
}

}  // namespace moce::cli
