// The evaluation's tables, computed from the incident records alone (no timing enters them), so
// they are the same bytes whatever the rank count: summary.csv, per_incident.csv, shapley.csv,
// robustness.csv, and the numbers report.md shows. Every scheme is a recombination of the
// experts' cached leads with combine():
//   moce              every expert, the config's weights and floor (the mixture)
//   <baseline>        a baseline expert alone (Adtributor, Minesweeper), as in Figure 9a
//   best_single       per category the single expert with the best recall@K in hindsight
//   expert:<name>     each expert alone
// Single experts run with weight 1 and the mixture's floor. Recall and precision read the first
// K leads; the set-level TP, FP, FN and F1 read every lead above the floor (metrics.hpp).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "eval/evaluate/metrics.hpp"
#include "eval/evaluate/record.hpp"
#include "experts/mixture/combiner.hpp"

namespace moce::eval {

struct ExpertId {
  std::string name;
  std::string family;
};

struct AnalysisOptions {
  std::vector<ExpertId> experts;          // the mixture's experts (players), in config order
  experts::CombinerOptions combiner;      // the mixture's weights and floor (k is ignored)
  std::size_t k = 5;                      // headline K
  std::vector<std::string> baselines;     // expert names scored alone as baselines (present ones)
  std::uint64_t seed = 1;
  std::size_t bootstrap = 1000;
  int shapley_exact_max = 12;             // per-expert Shapley exact up to this many experts
  std::size_t shapley_permutations = 200;
  std::vector<double> robustness_fractions;  // default 0, 0.02, ..., 0.30
  std::size_t robustness_repeats = 5;
};

struct SummaryRow {
  std::string scheme;
  std::string category;
  std::size_t incidents = 0;
  std::vector<double> recall;  // recall@1..kMaxK (empty for null rows)
  double precision = 0;
  Interval recall_ci, precision_ci;
  bool null = false;
  double false_alarm_rate = 0;
  SetCounts set;  // summed over the row's incidents; F1 = f1(set)
};

struct ShapleyRow {
  std::string player;  // expert name, or "family:<family>"
  std::string level;   // expert | family
  std::string category;
  double recall = 0, precision = 0, stderr_ = 0;
  std::string method;  // exact | permutation
};

struct RobustnessRow {
  double fraction = 0;
  double recall = 0, precision = 0, false_alarm_rate = 0;
  double recall_min = 0, recall_max = 0;
};

struct Analysis {
  std::vector<std::string> categories;  // non-null categories, sorted
  std::vector<SummaryRow> summary;
  std::vector<ShapleyRow> shapley;
  std::vector<RobustnessRow> robustness;
  std::vector<std::pair<std::string, std::string>> best_single;  // (category, expert)
  // Efficiency check of the Shapley values on `all`: sum of values vs v(all) - v(none).
  double shapley_family_sum = 0, shapley_expert_sum = 0, shapley_v_all = 0;
  std::string shapley_expert_method;
  std::vector<std::string> notes;  // e.g. a baseline not registered

  std::string summary_csv(std::size_t k) const;
  std::string shapley_csv() const;
  std::string robustness_csv() const;
};

// `records` sorted by incident id.
Analysis analyze(const std::vector<IncidentRecord>& records, const AnalysisOptions& options);

// per_incident.csv: every lead (the first K) of the mixture and of each expert alone, with its
// rank, score, whether it names a cause, and the experts that voted for it (name=confidence).
// A scheme that returns nothing on an incident gets one row with rank 0 and no lead.
std::string per_incident_csv(const std::vector<IncidentRecord>& records, const AnalysisOptions& options);

// The combined leads of `records`' experts restricted to `names` (empty = all), top `k`.
std::vector<experts::CombinedLead> combine_record(const IncidentRecord& record, const std::vector<std::string>& names,
                                                  const experts::CombinerOptions& options);

// A CSV field, quoted when it holds a comma, quote or line break.
std::string csv_field(const std::string& text);
// Fixed six decimals (tables), or "" for NaN.
std::string fixed6(double value);

}  // namespace moce::eval
