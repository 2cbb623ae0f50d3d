// `moce evaluate`: runs the mixture of experts over every incident of a corpus (each expert
// once per incident) and scores every scheme from the cached leads: summary.csv, per_incident.csv,
// shapley.csv, robustness.csv, runtime.json, report.md, config.ini and plots in results/RUN/.
//
// Distribution: the world splits into groups of R ranks; incidents are dealt to groups largest
// first (LPT on event counts); a group shards an incident's sessions over its ranks. Each group's
// rank 0 appends one line per finished incident to progress/rank-<world rank>.jsonl (fsync), so a
// killed run restarts where it stopped. Rank 0 gathers the records (sorted by id) and writes the
// tables, which are byte-identical for any P and R.
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <set>
#include <sstream>
#include <thread>

#include "eval/cli/command.hpp"
#include "eval/cli/options.hpp"
#include "eval/cli/plot_script.hpp"
#include "eval/cli/plugins.hpp"
#include "eval/evaluate/analysis.hpp"
#include "eval/evaluate/files.hpp"
#include "eval/evaluate/report.hpp"
#include "eval/evaluate/runtime_bench.hpp"
#include "eval/evaluate/schedule.hpp"
#include "experts/mixture/mixture_config.hpp"
#include "operators/io/aggregate_table.hpp"
#include "operators/io/corpus_format.hpp"
#include "runtime/error.hpp"
#include "runtime/version.hpp"

namespace moce::cli {

namespace fs = std::filesystem;
using namespace moce::eval;

namespace {

double now() { return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count(); }

// Reads the CLI option `flag` when given, else the INI key `key`.
std::string pick(const Config& c, const std::string& flag, const std::string& key) { return c.has(flag) ? flag : key; }

class Progress {
 public:
  Progress(std::string dir, std::size_t total, std::size_t resumed)
      : dir_(std::move(dir)), total_(total), resumed_(resumed), start_(now()), tty_(::isatty(2)) {}
  void update(bool final) {
    const double t = now();
    if (!final && t - last_ < (tty_ ? 0.5 : 5.0)) return;
    last_ = t;
    const std::size_t done = std::min(total_, count_progress_lines(dir_));
    const double elapsed = t - start_;
    const double rate = elapsed > 0 ? static_cast<double>(done - std::min(done, resumed_)) / elapsed : 0;
    const double eta = rate > 0 ? static_cast<double>(total_ - done) / rate : 0;
    char line[200];
    std::snprintf(line, sizeof line, "evaluate: %zu/%zu incidents (%zu resumed), %.2f/s, ETA %.0f s", done, total_,
                  resumed_, rate, eta);
    if (tty_) std::cerr << "\r" << line << (final ? "\n" : "") << std::flush;
    else std::cerr << line << "\n" << std::flush;
  }

 private:
  std::string dir_;
  std::size_t total_, resumed_;
  double start_, last_ = 0;
  bool tty_;
};

std::string hostname() {
  char b[256] = {0};
  ::gethostname(b, sizeof b - 1);
  return b;
}

std::vector<double> parse_doubles(const std::vector<std::string>& items, const std::string& key, double min,
                                  double max) {
  std::vector<double> out;
  for (const auto& s : items) {
    char* end = nullptr;
    const double v = std::strtod(s.c_str(), &end);
    if (end == s.c_str() || *end) throw ConfigError(cat(key, ": '", s, "' is not a number"));
    if (!(v >= min && v <= max))
      throw ConfigError(cat(key, ": ", s, " is outside the allowed range [", min, ", ", max, "]"));
    out.push_back(v);
  }
  return out;
}

}  // namespace

int evaluate_main(const Context& world, const std::vector<std::string>& args) {
  CommandSpec spec{
      "evaluate", "moce evaluate --corpus C --out results/RUN [--config F] [--ranks-per-incident R] [--k 5] [options]",
      "Runs every expert once per incident of the corpus (one lazy DAG per incident) and scores the mixture "
      "('moce'), each expert alone, the baselines and the best single expert per category: recall@1..10, "
      "precision, bootstrap intervals, false alarms on null incidents, Shapley values of the experts, robustness "
      "to corrupted leads, and lazy-vs-naive runtime. Under mpirun -np P the ranks form P/R groups; incidents go "
      "to the least-loaded group, largest first. Outputs (written atomically) in --out: summary.csv, "
      "per_incident.csv, shapley.csv, robustness.csv, runtime.json, report.md, config.ini, PNG plots. A killed "
      "run restarts where it stopped with the same command (progress/ keeps the finished incidents).\n\n"
      "Config: [mixture] k, floor, weight.<expert>; [expert.<name>] parameters; [evaluate] baselines, seed, "
      "bootstrap, shapley_exact_max, shapley_permutations, robustness_repeats, robustness_fractions, "
      "runtime_incidents, runtime_subsets, runtime_k.",
      {}};
  po::options_description options("options");
  add_option(options, "corpus", "corpus file (required)");
  add_option(options, "out", "output folder, e.g. results/RUN (required)");
  add_option(options, "ranks-per-incident", "ranks sharing one incident (default 1; must divide the rank count)");
  add_option(options, "k", "headline K of recall@K and precision (default 5)");
  add_option(options, "experts", "comma-separated experts (default: all registered)");
  add_plugin_option(options);
  add_option(options, "seed", "seed of bootstraps, Shapley sampling, robustness and runtime subsets (default 1)");
  add_option(options, "runtime-incidents", "incidents for the lazy-vs-naive runtime measurement (default 10; 0 = skip)");
  add_option(options, "runtime-subsets", "random expert subsets per size k in the runtime measurement (default 3)");
  add_option(options, "stop-after", "stop each group after this many incidents without writing the tables "
                                    "(exit 3; for testing resume)");
  add_flag(options, "no-plots", "do not run the plot script");
  add_flag(options, "quiet", "no progress lines on stderr");
  auto config = parse_command_line(spec, options, args, world);
  if (!config) return 0;
  const double t_start = now();
  const std::string corpus_path = config->require_string("corpus");
  const std::string out_dir = config->require_string("out");
  const int R = static_cast<int>(config->get_int("ranks-per-incident", 1, 1, 1 << 20));
  const auto K = static_cast<std::size_t>(config->get_int("k", 5, 1, 100));
  const auto seed = static_cast<std::uint64_t>(config->get_int(pick(*config, "seed", "evaluate.seed"), 1, 0, INT64_MAX));
  const auto runtime_incidents =
      static_cast<std::size_t>(config->get_int(pick(*config, "runtime-incidents", "evaluate.runtime_incidents"), 10, 0, 1 << 20));
  const auto runtime_subsets =
      static_cast<std::size_t>(config->get_int(pick(*config, "runtime-subsets", "evaluate.runtime_subsets"), 3, 1, 1000));
  std::vector<std::size_t> runtime_k;
  for (double v : parse_doubles(config->get_list("evaluate.runtime_k", {}), "evaluate.runtime_k", 1, 1e6))
    runtime_k.push_back(static_cast<std::size_t>(v));
  const auto stop_after = config->get_int("stop-after", 0, 0, INT64_MAX);
  const bool no_plots = config->get_bool("no-plots", false);
  const bool quiet = config->get_bool("quiet", false);
  AnalysisOptions analysis;
  analysis.k = K;
  analysis.seed = seed;
  analysis.bootstrap = static_cast<std::size_t>(config->get_int("evaluate.bootstrap", 1000, 0, 1000000));
  analysis.shapley_exact_max = static_cast<int>(config->get_int("evaluate.shapley_exact_max", 10, 0, 20));
  analysis.shapley_permutations =
      static_cast<std::size_t>(config->get_int("evaluate.shapley_permutations", 200, 1, 1000000));
  analysis.robustness_repeats = static_cast<std::size_t>(config->get_int("evaluate.robustness_repeats", 5, 1, 1000));
  analysis.robustness_fractions =
      parse_doubles(config->get_list("evaluate.robustness_fractions", {}), "evaluate.robustness_fractions", 0, 1);
  const auto baselines = config->get_list("evaluate.baselines", {"adtributor", "minesweeper"});
  const auto registry = expert_registry(*config);
  auto setup = experts::read_mixture(*config, registry);
  // The [run] section of an earlier run's config.ini is provenance, not a setting.
  for (const auto& key : config->keys_in("run")) config->get_string(key, "");
  config->reject_unread("moce evaluate");
  if (world.size() % R != 0)
    throw UsageError(cat("moce evaluate: --ranks-per-incident ", R, " does not divide the ", world.size(),
                         " ranks: every group needs exactly R ranks (run with -np a multiple of R)"));

  const auto experts = setup.pointers();
  analysis.combiner = setup.options.combiner;
  for (const auto* e : experts) analysis.experts.push_back({e->name(), e->info().family});
  analysis.baselines = baselines;  // analyze() notes and skips those not in the mixture

  auto corpus = std::make_shared<const CorpusReader>(corpus_path);
  auto specs = read_incident_index(*corpus);
  std::sort(specs.begin(), specs.end(), [](auto& a, auto& b) { return a.id < b.id; });
  std::vector<std::int64_t> events(specs.size(), 0), sessions(specs.size(), 0);
  for (std::size_t i = 0; i < specs.size(); ++i) {
    const auto eg = corpus::events_group(specs[i].id);
    if (corpus->exists(eg)) events[i] = corpus->num_rows(eg);
    const auto sg = corpus::sessions_group(specs[i].id);
    if (corpus->exists(sg)) sessions[i] = corpus->num_rows(sg);
    // An incident of cohort-aggregate telemetry alone is weighed by its aggregate rows.
    else if (const auto ag = corpus::aggregates_group(specs[i].id); corpus->exists(ag)) sessions[i] = corpus->num_rows(ag);
  }

  // Resume: rank 0 repairs and reads the progress files and tells everyone what is finished.
  const std::string progress_dir = out_dir + "/progress";
  std::string finished_text;
  std::size_t resumed = 0;
  // What the records depend on: a restart into the same folder with other experts, parameters or
  // another corpus would mix incompatible records, so it is refused.
  std::string fingerprint = "corpus = " + fs::absolute(corpus_path).string() + "\ncorpus_created = " +
                            corpus->provenance().created + "\ncorpus_seed = " +
                            std::to_string(corpus->provenance().seed) + "\n";
  for (const auto* e : experts) {
    fingerprint += "expert = " + e->name();
    for (const auto& [k, v] : e->parameters()) fingerprint += " " + k + "=" + v;
    fingerprint += "\n";
  }
  std::string refusal;
  if (world.rank() == 0) {
    fs::create_directories(progress_dir);
    remove_stale_temporaries(out_dir);
    remove_stale_temporaries(progress_dir);
    const std::string fingerprint_path = progress_dir + "/records_of.txt";
    if (fs::exists(fingerprint_path)) {
      if (read_text(fingerprint_path) != fingerprint)
        refusal = cat("moce evaluate: '", out_dir, "' holds progress of a run with another corpus, experts or expert "
                      "parameters (", fingerprint_path, "); use another --out, or delete the folder to start afresh");
    } else {
      write_atomic(fingerprint_path, fingerprint);
    }
  }
  world.broadcast(refusal, 0);
  if (!refusal.empty()) throw ConfigError(refusal);
  if (world.rank() == 0) {
    for (const auto& [id, record] : read_progress(progress_dir, /*repair=*/true)) finished_text += id + "\n";
  }
  world.broadcast(finished_text, 0);
  std::set<std::string> finished;
  {
    std::istringstream in(finished_text);
    for (std::string id; std::getline(in, id);) finished.insert(id);
  }
  std::vector<std::size_t> pending;
  std::vector<Job> jobs;
  for (std::size_t i = 0; i < specs.size(); ++i) {
    if (finished.count(specs[i].id)) {
      ++resumed;
      continue;
    }
    pending.push_back(i);
    jobs.push_back({specs[i].id, events[i] > 0 ? events[i] : sessions[i]});
  }
  const int groups = world.size() / R;
  const int group_index = world.rank() / R;
  auto group = world.split(group_index, world.rank());
  const auto assignment = assign_lpt(jobs, groups);
  Progress progress(progress_dir, specs.size(), resumed);
  const bool show = world.rank() == 0 && !quiet;
  if (show) progress.update(true);

  // MOCE_EVALUATE_PACE_MS: a pause after each finished incident, so that checkpoint tests (a
  // signal or a kill mid-sweep) can land between incidents even where a sweep takes a second.
  // It changes no output.
  const char* pace_text = std::getenv("MOCE_EVALUATE_PACE_MS");
  const long pace_ms = pace_text ? std::max(0L, std::strtol(pace_text, nullptr, 10)) : 0;
  const double t_eval = now();
  std::int64_t done_here = 0;
  std::string my_progress = progress_dir + "/rank-" + std::to_string(world.rank()) + ".jsonl";
  for (std::size_t j : assignment[static_cast<std::size_t>(group_index)]) {
    if (stop_after > 0 && done_here >= stop_after) break;
    const std::size_t i = pending[j];
    const auto input = experts::open_incident(corpus, specs[i], *group);
    experts::check_incident_data(input);
    const auto result = experts::run_mixture(input, experts, setup.options);
    IncidentRecord record;
    record.id = specs[i].id;
    record.category = specs[i].category;
    record.truth = specs[i].truth;
    record.events = events[i];
    record.sessions = sessions[i];
    record.seconds = result.seconds;
    for (const auto& o : result.experts) {
      ExpertRecord x;
      x.name = o.expert;
      for (const auto* e : experts)
        if (e->name() == o.expert) x.family = e->info().family;
      x.status = experts::to_string(o.status);
      x.reason = o.reason;
      for (const auto& lead : o.leads.leads) x.leads.leads.push_back({lead.id, lead.confidence, {}});
      x.seconds = o.seconds;
      record.experts.push_back(std::move(x));
    }
    if (group->rank() == 0) append_line(my_progress, to_json_line(record));
    ++done_here;
    if (show) progress.update(false);
    if (pace_ms > 0) std::this_thread::sleep_for(std::chrono::milliseconds(pace_ms));
  }
  const double group_seconds = now() - t_eval;
  if (stop_after > 0) {
    // Stopping early (a stand-in for a killed run): nothing but the progress files is written.
    world.barrier();
    if (show) progress.update(true);
    if (world.rank() == 0) std::cerr << "evaluate: stopped after --stop-after " << stop_after << " incidents per group\n";
    const auto remaining = world.allreduce<std::int64_t>(
        static_cast<std::int64_t>(assignment[static_cast<std::size_t>(group_index)].size()) - done_here, ReduceOp::kSum);
    if (remaining > 0) return 3;
  }
  // Per-group wall time (timing only), gathered for runtime.json.
  const auto all_group_seconds = world.allgather<double>(group_seconds);
  world.barrier();
  const double evaluate_seconds = now() - t_eval;
  if (show) progress.update(true);

  std::int64_t evaluated_events = 0;
  for (std::size_t j = 0; j < pending.size(); ++j) evaluated_events += events[pending[j]];

  // Figure 9b: lazy against naive, on all ranks together.
  RuntimeResult runtime;
  if (runtime_incidents > 0 && !experts.empty()) {
    if (show) std::cerr << "evaluate: measuring lazy vs naive on " << runtime_incidents << " incidents\n";
    runtime = measure_runtime(world, *group, group_index, groups, corpus, specs, events, experts, runtime_incidents,
                              runtime_subsets, seed, runtime_k);
  }

  if (world.rank() == 0) {
    const auto by_id = read_progress(progress_dir, false);
    std::vector<IncidentRecord> records;
    for (const auto& s : specs) {
      auto it = by_id.find(s.id);
      if (it == by_id.end()) throw InternalError(cat("evaluate: no record of incident '", s.id, "' in ", progress_dir));
      records.push_back(it->second);
    }
    const Analysis result = analyze(records, analysis);
    write_atomic(out_dir + "/summary.csv", result.summary_csv(K));
    write_atomic(out_dir + "/per_incident.csv", per_incident_csv(records, analysis));
    write_atomic(out_dir + "/shapley.csv", result.shapley_csv());
    write_atomic(out_dir + "/robustness.csv", result.robustness_csv());
    std::vector<std::pair<int, double>> gs;
    for (int g = 0; g < groups; ++g) gs.emplace_back(g, all_group_seconds[static_cast<std::size_t>(g * R)]);
    write_atomic(out_dir + "/runtime.json",
                 runtime_json(runtime, world.size(), R, evaluate_seconds, pending.size(), evaluated_events, gs));
    // config.ini: the resolved config and the run's provenance.
    std::string ini = "# moce evaluate: the resolved settings of this run (moce evaluate --config reads it)\n";
    ini += config->to_ini();
    const auto& prov = corpus->provenance();
    ini += "\n[run]\n";
    ini += "moce_version = " + std::string(version()) + "\n";
    ini += "git_sha = " + std::string(git_sha()) + "\n";
    ini += "ranks = " + std::to_string(world.size()) + "\n";
    ini += "ranks_per_incident = " + std::to_string(R) + "\n";
    ini += "host = " + hostname() + "\n";
    ini += "seed = " + std::to_string(seed) + "\n";
    ini += "corpus = " + fs::absolute(corpus_path).string() + "\n";
    ini += "corpus_seed = " + std::to_string(prov.seed) + "\n";
    ini += "corpus_generator = " + prov.generator + "\n";
    ini += "corpus_git_sha = " + prov.git_sha + "\n";
    ini += "corpus_created = " + prov.created + "\n";
    ini += "incidents = " + std::to_string(specs.size()) + "\n";
    ini += "experts = ";
    for (std::size_t e = 0; e < experts.size(); ++e) ini += (e ? "," : "") + experts[e]->name();
    ini += "\n\n# The corpus' own config (provenance):\n";
    std::istringstream corpus_config(prov.config_text);
    for (std::string line; std::getline(corpus_config, line);) ini += "#   " + line + "\n";
    write_atomic(out_dir + "/config.ini", ini);

    ReportContext rc;
    rc.corpus = corpus_path;
    rc.out_dir = out_dir;
    rc.k = K;
    rc.ranks = world.size();
    rc.ranks_per_incident = R;
    rc.incidents = records.size();
    for (const auto& r : records) rc.null_incidents += r.is_null() ? 1 : 0;
    rc.evaluate_seconds = evaluate_seconds;
    rc.evaluated_now = pending.size();
    rc.resumed = resumed;
    for (const auto* e : experts) {
      ReportContext::ExpertStatus s{e->name(), e->info().family};
      for (const auto& r : records)
        for (const auto& x : r.experts)
          if (x.name == e->name()) {
            if (x.status == "ran") ++s.ran;
            else if (x.status == "skipped") ++s.skipped;
            else ++s.failed;
          }
      rc.experts.push_back(s);
    }
    // Plots, when the script and matplotlib are there.
    const std::string script = find_plot_script();
    if (!no_plots && !script.empty() && fs::exists(script)) {
      const std::string cmd = (fs::exists("/usr/bin/python3") ? std::string("/usr/bin/python3 '") : std::string("python3 '")) + script + "' '" + out_dir + "' >/dev/null 2>&1";
      if (std::system(cmd.c_str()) == 0)
        for (const char* p : {"fig9a_schemes.png", "fig9b_runtime.png", "fig10_categories.png", "fig11_shapley.png"})
          if (fs::exists(out_dir + "/" + p)) rc.plots.push_back(p);
    }
    write_atomic(out_dir + "/report.md", report_md(result, runtime.rows.empty() ? nullptr : &runtime, rc));
    std::cout << summary_table(result, K) << "\nreport: " << out_dir << "/report.md (" << records.size()
              << " incidents, " << std::fixed;
    std::cout.precision(1);
    std::cout << now() - t_start << " s)\n" << std::flush;
  }
  world.barrier();
  return 0;
}

}  // namespace moce::cli
