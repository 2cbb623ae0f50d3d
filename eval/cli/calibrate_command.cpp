// `moce calibrate`: sweeps expert parameters on a calibration corpus and writes a config that
// `moce evaluate --config` reads (MoCE sec. 4.3: "experts are calibrated to keep false positives
// low").
//
// Each grid point ([calibrate] grid.<expert>.<param> = v1, v2, ...; the cartesian product per
// expert) is another instance of the expert, built on the same lazy graph per incident, so the
// shared workflows are computed once. Per expert the point with the fewest false positives (leads
// on null incidents, and wrong top leads) among those keeping recall@K >= recall_floor x the
// expert's best is chosen. Then the combiner's weights are fitted by coordinate search (recall@K,
// then precision) and the confidence floor set to the one with the best recall among those whose
// false-alarm rate on null incidents is <= false_alarm_target. Incidents are dealt to groups of R
// ranks as in `moce evaluate`.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <map>
#include <set>
#include <sstream>

#include "eval/cli/command.hpp"
#include "eval/cli/options.hpp"
#include "eval/cli/plugins.hpp"
#include "eval/evaluate/analysis.hpp"
#include "eval/evaluate/files.hpp"
#include "eval/evaluate/schedule.hpp"
#include "experts/mixture/mixture_config.hpp"
#include "operators/io/corpus_format.hpp"
#include "runtime/error.hpp"
#include "runtime/version.hpp"

namespace moce::cli {

namespace fs = std::filesystem;
using namespace moce::eval;

namespace {

struct Point {
  std::string expert;  // registered name
  std::string label;   // name#i: its name in the records
  std::vector<std::pair<std::string, std::string>> params;  // (param, value) of the grid
  std::unique_ptr<experts::Expert> instance;
};

struct Fit {
  double recall = 0, precision = 0, false_positive_rate = 0, null_false_alarm_rate = 0;
};

// Scores `names` combined with `options` over the records.
Fit fit_of(const std::vector<IncidentRecord>& records, const std::vector<std::string>& names,
           const experts::CombinerOptions& options, std::size_t k) {
  Fit f;
  std::size_t positives = 0, nulls = 0, false_positives = 0, alarms = 0;
  for (const auto& r : records) {
    std::vector<std::string> ids;
    for (const auto& lead : combine_record(r, names, options)) ids.push_back(lead.id);
    const Score s = score(ids, r.truth, k);
    if (s.null) {
      ++nulls;
      if (s.false_alarm) ++alarms, ++false_positives;
      continue;
    }
    ++positives;
    f.recall += s.recall_at(k);
    f.precision += s.precision;
    if (!ids.empty() && s.recall_at(1) == 0) ++false_positives;
  }
  if (positives) f.recall /= static_cast<double>(positives), f.precision /= static_cast<double>(positives);
  if (!records.empty()) f.false_positive_rate = static_cast<double>(false_positives) / static_cast<double>(records.size());
  if (nulls) f.null_false_alarm_rate = static_cast<double>(alarms) / static_cast<double>(nulls);
  return f;
}

// The shortest text that reads back as `v` (0.3, not 0.29999999999999999).
std::string shortest(double v) {
  char buf[64];
  for (int precision = 1; precision <= 17; ++precision) {
    std::snprintf(buf, sizeof buf, "%.*g", precision, v);
    if (std::strtod(buf, nullptr) == v) break;
  }
  return buf;
}

bool better(const Fit& a, const Fit& b) {
  if (std::abs(a.recall - b.recall) > 1e-12) return a.recall > b.recall;
  return a.precision > b.precision + 1e-12;
}

std::string join_params(const std::vector<std::pair<std::string, std::string>>& params) {
  std::string s;
  for (const auto& [k, v] : params) s += (s.empty() ? "" : ";") + k + "=" + v;
  return s;
}

}  // namespace

int calibrate_main(const Context& world, const std::vector<std::string>& args) {
  CommandSpec spec{
      "calibrate", "moce calibrate --corpus CAL --out configs/calibrated.ini [--config F] [--ranks-per-incident R]",
      "Sweeps each expert's parameters over a grid on a calibration corpus (every grid point another expert "
      "instance on the same lazy DAG per incident), keeps per expert the setting with the fewest false "
      "positives that holds its recall, fits the combiner's weights and confidence floor, and writes the chosen "
      "config (read by 'moce evaluate --config') and the sweep table (<out>.sweep.csv).\n\n"
      "Config: [calibrate] grid.<expert>.<param> = v1, v2, ...; floors (default 0, 0.02, 0.05, 0.1, 0.15, 0.2, "
      "0.3, 0.4, 0.5, 0.75, 1); weights (default 0.25, 0.5, 1, 2, 4); recall_floor (share of the expert's best recall to keep, "
      "default 0.9); false_alarm_target (default 0.1); k (default 5).",
      {}};
  po::options_description options("options");
  add_option(options, "corpus", "calibration corpus (required)");
  add_option(options, "out", "the config to write, e.g. configs/calibrated.ini (required)");
  add_option(options, "ranks-per-incident", "ranks sharing one incident (default 1; must divide the rank count)");
  add_option(options, "experts", "comma-separated experts (default: all registered)");
  add_plugin_option(options);
  auto config = parse_command_line(spec, options, args, world);
  if (!config) return 0;
  const std::string corpus_path = config->require_string("corpus");
  const std::string out_path = config->require_string("out");
  const int R = static_cast<int>(config->get_int("ranks-per-incident", 1, 1, 1 << 20));
  const auto K = static_cast<std::size_t>(config->get_int("calibrate.k", 5, 1, 100));
  const double recall_floor = config->get_double("calibrate.recall_floor", 0.9, 0, 1);
  const double alarm_target = config->get_double("calibrate.false_alarm_target", 0.1, 0, 1);
  std::vector<double> floors, weights;
  for (const auto& s : config->get_list("calibrate.floors", {"0", "0.02", "0.05", "0.1", "0.15", "0.2", "0.3", "0.4", "0.5", "0.75", "1"}))
    floors.push_back(std::stod(s));
  for (const auto& s : config->get_list("calibrate.weights", {"0.25", "0.5", "1", "2", "4"})) weights.push_back(std::stod(s));
  // Grids by expert: param -> values.
  std::map<std::string, std::vector<std::pair<std::string, std::vector<std::string>>>> grids;
  for (const auto& key : config->keys_in("calibrate.grid")) {
    const std::string rest = key.substr(std::string("calibrate.grid.").size());
    const auto dot = rest.find('.');
    if (dot == std::string::npos) throw ConfigError(cat(key, ": expected calibrate.grid.<expert>.<param>"));
    grids[rest.substr(0, dot)].emplace_back(rest.substr(dot + 1), config->get_list(key, {}));
  }
  const auto registry = expert_registry(*config);
  auto setup = experts::read_mixture(*config, registry);
  config->reject_unread("moce calibrate");
  if (world.size() % R != 0)
    throw UsageError(cat("moce calibrate: --ranks-per-incident ", R, " does not divide the ", world.size(), " ranks"));
  for (const auto& [name, grid] : grids)
    if (std::none_of(setup.experts.begin(), setup.experts.end(), [&](auto& e) { return e->name() == name; }))
      throw ConfigError(cat("calibrate.grid.", name, ": no expert '", name, "' in the mixture"));

  // Grid points: the cartesian product of each expert's grid (its defaults when it has none).
  std::vector<Point> points;
  std::vector<std::string> families_by_point;
  for (const auto& e : setup.experts) {
    std::vector<std::vector<std::pair<std::string, std::string>>> combos = {{}};
    for (const auto& [param, values] : grids[e->name()]) {
      std::vector<std::vector<std::pair<std::string, std::string>>> next;
      for (const auto& combo : combos)
        for (const auto& v : values) {
          auto c = combo;
          c.emplace_back(param, v);
          next.push_back(std::move(c));
        }
      combos = std::move(next);
    }
    for (std::size_t i = 0; i < combos.size(); ++i) {
      Config c;
      for (const auto& [k, entry] : config->entries())
        if (k.rfind("expert." + e->name() + ".", 0) == 0) c.set(k, entry.value, entry.source);
      for (const auto& [param, v] : combos[i]) c.set("expert." + e->name() + "." + param, v, "calibrate grid");
      Point p{e->name(), e->name() + "#" + std::to_string(i), combos[i], registry.make(e->name(), &c)};
      for (const auto& [param, v] : combos[i]) {
        const auto& known = p.instance->parameters();
        if (std::none_of(known.begin(), known.end(), [&](auto& kv) { return kv.first == param; }))
          throw ConfigError(cat("calibrate.grid.", e->name(), ".", param, ": '", param, "' is not a parameter of ",
                                e->name(), " (see 'moce experts --verbose')"));
      }
      families_by_point.push_back(e->info().family);
      points.push_back(std::move(p));
    }
  }
  std::vector<const experts::Expert*> instances;
  for (const auto& p : points) instances.push_back(p.instance.get());

  auto corpus = std::make_shared<const CorpusReader>(corpus_path);
  auto specs = read_incident_index(*corpus);
  std::sort(specs.begin(), specs.end(), [](auto& a, auto& b) { return a.id < b.id; });
  std::vector<Job> jobs;
  for (const auto& s : specs) {
    const auto eg = corpus::events_group(s.id);
    jobs.push_back({s.id, corpus->exists(eg) ? corpus->num_rows(eg) : 0});
  }
  const int groups = world.size() / R;
  const int group_index = world.rank() / R;
  auto group = world.split(group_index, world.rank());
  const auto assignment = assign_lpt(jobs, groups);
  std::string lines;
  for (std::size_t i : assignment[static_cast<std::size_t>(group_index)]) {
    const auto input = experts::open_incident(corpus, specs[i], *group);
    experts::check_incident_data(input);
    const auto result = experts::run_mixture(input, instances, setup.options);
    IncidentRecord record{specs[i].id, specs[i].category, specs[i].truth, jobs[i].size, 0, result.seconds, {}};
    // Outcomes come routed first, then skipped; map them back to points by position of name order.
    std::vector<bool> used(result.experts.size(), false);
    for (std::size_t p = 0; p < points.size(); ++p)
      for (std::size_t o = 0; o < result.experts.size(); ++o) {
        if (used[o] || result.experts[o].expert != points[p].expert) continue;
        used[o] = true;
        ExpertRecord x{points[p].label, families_by_point[p], experts::to_string(result.experts[o].status),
                       result.experts[o].reason, {}, result.experts[o].seconds};
        for (const auto& lead : result.experts[o].leads.leads) x.leads.leads.push_back({lead.id, lead.confidence, {}});
        record.experts.push_back(std::move(x));
        break;
      }
    if (group->rank() == 0) lines += to_json_line(record) + "\n";
  }
  const auto gathered = world.allgatherv<char>(std::span<const char>(lines.data(), lines.size()));
  if (world.rank() == 0) {
    std::map<std::string, IncidentRecord> by_id;
    std::istringstream in(std::string(gathered.begin(), gathered.end()));
    for (std::string line; std::getline(in, line);)
      if (auto r = parse_json_line(line)) by_id[r->id] = std::move(*r);
    std::vector<IncidentRecord> records;
    for (auto& [id, r] : by_id) records.push_back(std::move(r));

    std::string sweep = "stage,expert,point,params,weight,floor,recall_at_" + std::to_string(K) +
                        ",precision,false_positive_rate,null_false_alarm_rate,chosen\n";
    auto row = [&](const std::string& stage, const std::string& expert, const std::string& point, const std::string& params,
                   double w, double floor, const Fit& f, bool chosen) {
      sweep += stage + "," + csv_field(expert) + "," + csv_field(point) + "," + csv_field(params) + "," + fixed6(w) + "," +
               fixed6(floor) + "," + fixed6(f.recall) + "," + fixed6(f.precision) + "," + fixed6(f.false_positive_rate) +
               "," + fixed6(f.null_false_alarm_rate) + "," + (chosen ? "1" : "0") + "\n";
    };
    // 1. Per expert: the point with the fewest false positives among those holding its recall.
    experts::CombinerOptions alone;
    alone.k = std::max(K, kMaxK);
    std::map<std::string, std::size_t> chosen;  // expert -> point index
    for (const auto& e : setup.experts) {
      std::vector<std::size_t> mine;
      for (std::size_t p = 0; p < points.size(); ++p)
        if (points[p].expert == e->name()) mine.push_back(p);
      std::vector<Fit> fits;
      double best_recall = 0;
      for (auto p : mine) {
        fits.push_back(fit_of(records, {points[p].label}, alone, K));
        best_recall = std::max(best_recall, fits.back().recall);
      }
      std::size_t pick = 0;
      for (std::size_t i = 0; i < mine.size(); ++i) {
        if (fits[i].recall + 1e-12 < recall_floor * best_recall) continue;
        const auto& a = fits[i];
        const auto& b = fits[pick];
        if (fits[pick].recall + 1e-12 < recall_floor * best_recall || a.false_positive_rate < b.false_positive_rate - 1e-12 ||
            (std::abs(a.false_positive_rate - b.false_positive_rate) <= 1e-12 && better(a, b)))
          pick = i;
      }
      chosen[e->name()] = mine[pick];
      for (std::size_t i = 0; i < mine.size(); ++i)
        row("expert", e->name(), points[mine[i]].label, join_params(points[mine[i]].params), 1, 0, fits[i], i == pick);
    }
    // 2. Weights by coordinate search (two passes), floor 0.
    std::vector<std::string> labels;
    for (const auto& e : setup.experts) labels.push_back(points[chosen[e->name()]].label);
    experts::CombinerOptions mix;
    mix.k = std::max(K, kMaxK);
    for (const auto& l : labels) mix.weights[l] = 1;
    Fit current = fit_of(records, labels, mix, K);
    for (int pass = 0; pass < 2; ++pass)
      for (const auto& l : labels) {
        double best_w = mix.weights[l];
        for (double w : weights) {
          mix.weights[l] = w;
          const Fit f = fit_of(records, labels, mix, K);
          if (better(f, current)) current = f, best_w = w;
        }
        mix.weights[l] = best_w;
      }
    for (const auto& l : labels) row("weight", l.substr(0, l.find('#')), l, "", mix.weights[l], 0, current, true);
    // 3. The floor: the best recall among floors whose false alarms on nulls meet the target.
    double best_floor = floors.empty() ? 0 : floors.back();
    Fit best_fit;
    bool found = false;
    std::vector<std::pair<double, Fit>> floor_fits;
    for (double fl : floors) {
      mix.floor = fl;
      const Fit f = fit_of(records, labels, mix, K);
      floor_fits.emplace_back(fl, f);
      if (f.null_false_alarm_rate <= alarm_target + 1e-12 && (!found || better(f, best_fit))) {
        best_fit = f;
        best_floor = fl;
        found = true;
      }
    }
    for (const auto& [fl, f] : floor_fits) row("floor", "mixture", "", "", 1, fl, f, fl == best_floor);

    std::string ini = "# Written by moce calibrate " + std::string(version()) + " (" + git_sha() + ") on corpus " +
                      fs::absolute(corpus_path).string() + "\n# calibration corpus seed = " +
                      std::to_string(corpus->provenance().seed) + ", " + std::to_string(records.size()) +
                      " incidents; sweep table: " + fs::path(out_path).filename().string() +
                      ".sweep.csv\n# Use: moce evaluate --config " + fs::path(out_path).filename().string() +
                      " --corpus C --out results/RUN\n";
    ini += found ? "" : "# note: no floor met false_alarm_target; the largest floor is used\n";
    ini += "\n[mixture]\nfloor = " + shortest(best_floor) + "\n";
    for (const auto& l : labels) ini += "weight." + l.substr(0, l.find('#')) + " = " + shortest(mix.weights[l]) + "\n";
    for (const auto& e : setup.experts) {
      const auto& p = points[chosen[e->name()]];
      if (p.params.empty()) continue;
      ini += "\n[expert." + e->name() + "]\n";
      for (const auto& [k, v] : p.params) ini += k + " = " + v + "\n";
    }
    if (fs::path(out_path).has_parent_path()) fs::create_directories(fs::path(out_path).parent_path());
    write_atomic(out_path + ".sweep.csv", sweep);
    write_atomic(out_path, ini);
    std::cout << ini << "\ncalibrate: " << points.size() << " grid points over " << records.size()
              << " incidents; wrote " << out_path << " and " << out_path << ".sweep.csv\n";
  }
  world.barrier();
  return 0;
}

}  // namespace moce::cli
