// The KPI inside each derived cohort, over every session of every rank. Values are put on an
// integer grid (a per-KPI power-of-ten scale fixed from the global maximum, so |q| <= 1e6) and
// summed as int64: the sums are exact, so the result is the same whatever the rank count.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "experts/core/incident_input.hpp"
#include "experts/opportunity/derived_columns.hpp"

namespace moce::experts::opportunity {

// A cohort's KPI: sessions with a value, sum and sum of squares on the grid, bad outcomes
// (binary: the bad value; real: beyond the global p90, or p10 when higher is better), users.
struct Moments {
  std::int64_t n = 0, sum = 0, sum_sq = 0, bad = 0, users = 0;
  static constexpr int kWords = 5;
};

// One KPI over the shard: grid values (kMissing where undefined), bad flags, and the grid scale.
struct KpiValues {
  static constexpr std::int64_t kMissing = INT64_MIN;
  std::string kpi;
  bool binary = false, higher_is_better = false;
  double scale = 1;       // value = q / scale
  double threshold = 0;   // real KPIs: the bad-outcome threshold
  std::vector<std::int64_t> q;
  std::vector<std::uint8_t> bad;
  std::vector<std::int64_t> users;  // the shard's user ids (or row numbers when absent)
  Moments total;                    // every session, all ranks
  double mean(const Moments& m) const { return m.n ? static_cast<double>(m.sum) / static_cast<double>(m.n) / scale : 0; }
  double variance(const Moments& m) const;
  std::size_t bytes() const { return q.size() * 9 + users.size() * 8; }
};

// Collective: `higher_is_better` < 0 lets the data decide (binary KPIs: higher is better; real
// ones: lower is better).
struct LoadKpi {
  const IncidentInput* input;
  std::string kpi;
  int higher_is_better = -1;
  std::string_view name() const { return "kpi_values"; }
  void hash_params(Hasher& hasher) const {
    hasher.add(input->key());
    hasher.add(kpi);
    hasher.add(static_cast<std::int64_t>(higher_is_better));
  }
  bool collective() const { return true; }
  KpiValues run(const Shard& shard) const;
};

// Cohort statistics of a batch: cohort names and their moments, in a fixed order. CrossStats and
// GramStats give this rank's partial table; ReduceTables sums a whole round's partial tables with
// one collective, so a round costs one allreduce however many hypotheses it holds.
struct CohortTable {
  std::vector<std::string> cohorts;
  std::vector<std::int64_t> atom;  // CrossStats: the atom (index into atom_names) behind each cohort
  std::vector<Moments> moments;
  // A partial gram table: this rank's gram codes (sorted; moments aligned), their k, the token
  // names that decode them, and the support floor applied after the sum.
  bool grams = false;
  std::vector<std::int64_t> codes;
  int k = 0;
  std::int64_t min_sessions = 0;
  std::vector<std::string> tokens;
  std::size_t bytes() const { return moments.size() * sizeof(Moments) + cohorts.size() * 48 + codes.size() * 8; }
};

// Collective: the partial tables summed over the group's ranks (exact int64 sums), gram tables
// over the union of every rank's grams and cut to those held by >= min_sessions sessions.
struct ReduceTables {
  const IncidentInput* input;
  std::string_view name() const { return "reduce_tables"; }
  void hash_params(Hasher& hasher) const { hasher.add(input->key()); }
  bool collective() const { return true; }
  std::vector<CohortTable> run(const std::vector<std::reference_wrapper<const CohortTable>>& parts) const;
};

// This rank's part of every atom of `atom_names` alone (cross empty) or crossed with each value of the
// attribute `cross`. `masks[i]` is atom i's mask.
struct CrossStats {
  std::vector<std::string> atom_names;
  std::string cross;
  const IncidentInput* input;
  std::string_view name() const { return "cross_stats"; }
  void hash_params(Hasher& hasher) const {
    hasher.add(atom_names);
    hasher.add(cross);
  }
  CohortTable run(const std::vector<std::reference_wrapper<const std::vector<std::uint8_t>>>& masks,
                  const Shard& shard, const KpiValues& kpi) const;
};

// This rank's part of every contiguous k-token sequence (n-gram counting per session, each gram
// once per session); `only` keeps one given sequence. ReduceTables applies min_sessions.
struct GramStats {
  int k = 2;
  std::int64_t min_sessions = 20;
  std::vector<std::string> only;
  const IncidentInput* input;
  std::string_view name() const { return "gram_stats"; }
  void hash_params(Hasher& hasher) const {
    hasher.add(static_cast<std::int64_t>(k));
    hasher.add(min_sessions);
    hasher.add(only);
  }
  CohortTable run(const TokenSequences& tokens, const KpiValues& kpi) const;
};

}  // namespace moce::experts::opportunity
