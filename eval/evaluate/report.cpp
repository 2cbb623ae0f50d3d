#include "eval/evaluate/report.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>

namespace moce::eval {

namespace {

std::string pct(double v) {
  char b[32];
  std::snprintf(b, sizeof b, "%.1f%%", 100 * v);
  return b;
}
std::string num(double v, const char* format = "%.3f") {
  char b[64];
  std::snprintf(b, sizeof b, format, v);
  return b;
}

bool headline_scheme(const std::string& s) { return s.rfind("expert:", 0) != 0; }

// The image line when the plot exists (matplotlib may be missing).
std::string image(const ReportContext& c, const std::string& title, const std::string& file) {
  if (std::find(c.plots.begin(), c.plots.end(), file) == c.plots.end()) return "";
  return "![" + title + "](" + file + ")\n\n";
}

}  // namespace

std::string summary_table(const Analysis& a, std::size_t k) {
  char line[256];
  std::string out;
  std::snprintf(line, sizeof line, "%-28s %-10s %9s %9s %9s %10s %17s %12s\n", "scheme", "category", "incidents",
                "recall@1", ("recall@" + std::to_string(k)).c_str(), "precision",
                ("recall@" + std::to_string(k) + " 95% CI").c_str(), "false alarms");
  out += line;
  for (const auto& r : a.summary) {
    if (r.category != "all" && r.category != "null") continue;
    if (!headline_scheme(r.scheme) && false) continue;
    if (r.null) {
      std::snprintf(line, sizeof line, "%-28s %-10s %9zu %9s %9s %10s %17s %12s\n", r.scheme.c_str(), "null",
                    r.incidents, "", "", "", "", pct(r.false_alarm_rate).c_str());
    } else {
      const std::string ci = "[" + num(r.recall_ci.lo, "%.2f") + ", " + num(r.recall_ci.hi, "%.2f") + "]";
      std::snprintf(line, sizeof line, "%-28s %-10s %9zu %9s %9s %10s %17s %12s\n", r.scheme.c_str(), "all",
                    r.incidents, pct(r.recall[0]).c_str(), pct(r.recall[k - 1 < kMaxK ? k - 1 : kMaxK - 1]).c_str(),
                    pct(r.precision).c_str(), ci.c_str(), "");
    }
    out += line;
  }
  return out;
}

std::string report_md(const Analysis& a, const RuntimeResult* rt, const ReportContext& c) {
  const std::size_t ki = (c.k <= kMaxK ? c.k : kMaxK) - 1;
  const std::string K = std::to_string(c.k);
  std::string out = "# MoCE evaluation report\n\n";
  out += "Corpus `" + c.corpus + "`: " + std::to_string(c.incidents) + " incidents (" +
         std::to_string(c.null_incidents) + " null, with nothing to find). Headline K = " + K +
         ". Files: `summary.csv`, `per_incident.csv`, `shapley.csv`, `robustness.csv`, `runtime.json`, `config.ini`.\n\n";
  out += "How to read: recall@K is the share of an incident's true causes among the first K leads (averaged over "
         "incidents); precision is 1/rank of the first true lead in the first K (0 when absent); the 95% interval "
         "is a seeded bootstrap over incidents. On null incidents a scheme should say nothing: false alarms are the "
         "share of null incidents where it returns any lead above the confidence floor. F1 is the multi-dimensional "
         "RCA protocol's (RiskLoc's): a scheme answers every lead above the floor; TP, FP and FN over root-cause "
         "elements are summed over incidents, F1 = 2TP / (2TP + FP + FN).\n\n";
  for (const auto& n : a.notes) out += "> note: " + n + "\n\n";

  out += "## Figure 9a: recall and precision by scheme (all incidents)\n\n";
  out += "| scheme | incidents | recall@1 | recall@" + K + " | 95% CI | precision | F1 (TP/FP/FN) | false alarms (null) |\n"
         "|---|---|---|---|---|---|---|---|\n";
  std::map<std::string, const SummaryRow*> null_rows;
  for (const auto& r : a.summary)
    if (r.null) null_rows[r.scheme] = &r;
  for (const auto& r : a.summary) {
    if (r.category != "all") continue;
    const auto nr = null_rows.find(r.scheme);
    out += "| " + r.scheme + " | " + std::to_string(r.incidents) + " | " + pct(r.recall[0]) + " | " + pct(r.recall[ki]) +
           " | " + pct(r.recall_ci.lo) + " - " + pct(r.recall_ci.hi) + " | " + pct(r.precision) + " | " +
           (std::isnan(f1(r.set)) ? std::string("-") : num(f1(r.set), "%.3f")) + " (" + std::to_string(r.set.tp) + "/" + std::to_string(r.set.fp) + "/" +
           std::to_string(r.set.fn) + ") | " + (nr != null_rows.end() ? pct(nr->second->false_alarm_rate) : std::string("-")) + " |\n";
  }
  out += "\n" + image(c, "Figure 9a", "fig9a_schemes.png");

  out += "## Figure 10: recall@" + K + " by incident category\n\n";
  std::vector<std::string> schemes;
  for (const auto& r : a.summary)
    if (r.category == "all" && std::find(schemes.begin(), schemes.end(), r.scheme) == schemes.end() &&
        r.scheme.rfind("expert:", 0) != 0)
      schemes.push_back(r.scheme);
  out += "| category |";
  for (const auto& s : schemes) out += " " + s + " |";
  out += " best single expert |\n|---|";
  for (std::size_t i = 0; i <= schemes.size(); ++i) out += "---|";
  out += "\n";
  for (const auto& cat : a.categories) {
    out += "| " + cat + " |";
    for (const auto& s : schemes) {
      std::string cell = " - |";
      for (const auto& r : a.summary)
        if (r.scheme == s && r.category == cat) cell = " " + pct(r.recall[ki]) + " (p " + num(r.precision, "%.2f") + ") |";
      out += cell;
    }
    std::string best = "-";
    for (const auto& [category, expert] : a.best_single)
      if (category == cat) best = expert;
    out += " " + best + " |\n";
  }
  out += "\n" + image(c, "Figure 10", "fig10_categories.png");

  out += "## Figure 11: Shapley value of each family and expert (recall@" + K + ", all incidents)\n\n";
  out += "Shapley value = the average gain in the mixture's recall@" + K +
         " when the expert (family) joins a random subset of the others; value(S) recombines the cached leads of S. "
         "Families exact; experts " + a.shapley_expert_method + ".\n\n";
  out += "| expert / family | Shapley recall@" + K + " | Shapley precision | stderr |\n|---|---|---|---|\n";
  for (const auto& r : a.shapley)
    if (r.category == "all")
      out += "| " + r.player + " | " + num(r.recall, "%.4f") + " | " + num(r.precision, "%.4f") + " | " +
             num(r.stderr_, "%.4f") + " |\n";
  out += "\nEfficiency: families sum to " + num(a.shapley_family_sum, "%.6f") + ", experts to " +
         num(a.shapley_expert_sum, "%.6f") + ", v(all) - v(none) = " + num(a.shapley_v_all, "%.6f") + ".\n\n";
  out += image(c, "Figure 11", "fig11_shapley.png");

  out += "## Robustness (sec. 6.3): recall@" + K + " with a fraction of the experts' leads corrupted\n\n";
  out += "| corrupted | recall@" + K + " | min-max over repeats | precision | false alarms |\n|---|---|---|---|---|\n";
  for (const auto& r : a.robustness)
    out += "| " + pct(r.fraction) + " | " + pct(r.recall) + " | " + pct(r.recall_min) + " - " + pct(r.recall_max) +
           " | " + pct(r.precision) + " | " + pct(r.false_alarm_rate) + " |\n";

  out += "\n## Table 2 style: the experts\n\n| expert | family | ran | skipped | failed | recall@" + K +
         " alone | precision alone |\n|---|---|---|---|---|---|---|\n";
  for (const auto& e : c.experts) {
    std::string r5 = "-", p = "-";
    for (const auto& row : a.summary)
      if (row.scheme == "expert:" + e.name && row.category == "all") {
        r5 = pct(row.recall[ki]);
        p = pct(row.precision);
      }
    out += "| " + e.name + " | " + e.family + " | " + std::to_string(e.ran) + " | " + std::to_string(e.skipped) + " | " +
           std::to_string(e.failed) + " | " + r5 + " | " + p + " |\n";
  }

  out += "\n## Timing (machine- and rank-dependent; not part of the byte-identical tables)\n\n";
  out += "Evaluated " + std::to_string(c.evaluated_now) + " incidents in this run (" + std::to_string(c.resumed) +
         " resumed from progress files) in " + num(c.evaluate_seconds, "%.2f") + " s on " + std::to_string(c.ranks) +
         " ranks, " + std::to_string(c.ranks_per_incident) + " per incident.\n\n";
  if (rt && !rt->rows.empty()) {
    out += "### Figure 9b: runtime vs number of experts (" + std::to_string(rt->incidents.size()) +
           " incidents)\n\n| experts | runs | lazy s | naive s | naive / lazy | lazy node runs | naive node runs |\n|---|---|---|---|---|---|---|\n";
    for (const auto& r : rt->rows)
      out += "| " + std::to_string(r.k) + " | " + std::to_string(r.runs) + " | " + num(r.lazy_seconds) + " | " +
             num(r.naive_seconds) + " | " + num(r.lazy_seconds > 0 ? r.naive_seconds / r.lazy_seconds : 0, "%.2f") +
             " | " + std::to_string(r.lazy_computations) + " | " + std::to_string(r.naive_computations) + " |\n";
    out += "\nUnified DAG: " + std::to_string(rt->distinct_internal_nodes) + " distinct internal nodes against " +
           std::to_string(rt->per_expert_internal_nodes) + " in the experts' own DAGs (summed over the incidents).\n\n";
    out += image(c, "Figure 9b", "fig9b_runtime.png");
  } else {
    out += "Runtime measurement skipped (runtime incidents = 0).\n";
  }
  if (c.plots.empty())
    out += "\nNo plots: run `python3 eval/python/plot_results.py " + c.out_dir +
           "` (needs matplotlib: apt-get install python3-matplotlib).\n";
  return out;
}

}  // namespace moce::eval
