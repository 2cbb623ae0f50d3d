// Expert 15: Minesweeper on faulty anomaly-window sessions against normal sessions.
#include "experts/patterns/minesweeper_patterns.hpp"

#include <algorithm>
#include <array>

#include "experts/patterns/pattern_stats.hpp"
#include "experts/workflows/session_tables.hpp"
#include "operators/stats/minesweeper.hpp"

namespace moce::experts {

namespace {

const ExpertInfo kInfo{"minesweeper",
                       "patterns",
                       {KpiKind::kBinary},
                       "an ordered subsequence of event names (pattern:e1>e2>e3)",
                       {Telemetry::kSessions, Telemetry::kEvents},
                       "Minesweeper (ALGORITHMS.md sec. 2), Fisher-gated"};

// Whether `pattern` occurs in `tokens` as an ordered (not necessarily contiguous) subsequence.
bool holds(std::span<const std::int32_t> tokens, const std::vector<std::int32_t>& pattern) {
  std::size_t next = 0;
  for (std::int32_t t : tokens)
    if (next < pattern.size() && t == pattern[next]) ++next;
  return next == pattern.size();
}

// The sessions holding `pattern`, per window: [window] = {holders, holders with a bad outcome}.
std::array<std::array<std::int64_t, 2>, 2> holders(const EventSequences& sequences, const std::vector<std::int32_t>& pattern) {
  std::array<std::array<std::int64_t, 2>, 2> out{};
  for (std::size_t i = 0; i < sequences.size(); ++i) {
    const auto w = sequences.window[i];
    if ((w != kHistorical && w != kAnomaly) || !holds(sequences.at(i), pattern)) continue;
    auto& cell = out[w == kAnomaly ? 1 : 0];
    ++cell[0];
    cell[1] += sequences.bad[i] ? 1 : 0;
  }
  return out;
}

}  // namespace

MinesweeperPatterns::MinesweeperPatterns(const Config* config)
    : Expert(kInfo, config),
      max_length_(param_int("max_length", 4, 1, 8)),
      top_n_(param_int("top_n", 10, 1, 1000)),
      min_test_(param_int("min_test", 3, 1, 1'000'000)),
      min_support_(param("min_support", 0.05, 0, 1)),
      min_precision_(param("min_precision", 0.5, 0, 0.999)),
      alpha_(param("alpha", 0.01, 1e-12, 0.5)),
      marker_effect_(param("marker_effect", 0.5, 0, 1.01)),
      new_harm_(param_int("new_harm", 1, 0, 1)) {}

std::string MinesweeperPatterns::applicability(const IncidentInput& input) const {
  const auto& spec = input.spec;
  if (spec.kpi_kind != KpiKind::kBinary) return "not a conversion metric: the KPI " + spec.kpi + " is not binary";
  if (spec.context_start.empty() || spec.context_end.empty() || spec.context_start == spec.context_end)
    return "not a conversion metric: the KPI " + spec.kpi + " has no flow context from a start to an end event";
  return "";
}

Lazy<Leads> MinesweeperPatterns::build(Workflows& wf) const {
  return step(
      wf, "rank",
      [this](const EventSequences& all) {
        Leads out;
        // marker_effect <= 1 (default 0.5) drops the outcome markers (pattern_stats.hpp), the
        // failure's own events, which otherwise lead with F1 near 1 and outvote the cause in the
        // mixture; 1.01 turns the filter off (the paper's Minesweeper as published).
        const auto markers = patterns::outcome_markers(all, alpha_, marker_effect_);
        const bool drop = std::count(markers.begin(), markers.end(), std::uint8_t{1}) > 0;
        const EventSequences sequences = drop ? patterns::without_codes(all, markers) : all;
        // Empty sessions carry no pattern and must not count in |T| or |C|.
        const auto split = patterns::split_sessions(sequences, /*anomaly_only=*/false, /*skip_empty=*/true);
        if (static_cast<std::int64_t>(split.faulty.size()) < min_test_ || split.normal.empty() || !sequences.events)
          return out;
        auto pick = [&](const std::vector<std::size_t>& which) {
          std::vector<std::uint8_t> in(sequences.size(), 0);
          for (auto i : which) in[i] = 1;
          return sequences.select([&](std::size_t i) { return in[i] != 0; });
        };
        EventSequences test = pick(split.faulty), control = pick(split.normal);
        const CodeSequences t{std::move(test.codes), std::move(test.offsets)};
        const CodeSequences c{std::move(control.codes), std::move(control.offsets)};
        const Minesweeper miner({static_cast<int>(max_length_), min_support_, min_precision_, true,
                                 static_cast<int>(top_n_)});
        const double tests = static_cast<double>(miner.mine(t, c).size());
        const auto nt = static_cast<std::int64_t>(t.size()), nc = static_cast<std::int64_t>(c.size());
        for (const auto& m : miner.run(t, c)) {
          const double p = patterns::fisher_greater(m.test_count, nt, m.control_count, nc);
          if (!(p * tests < alpha_)) continue;
          // A pattern whose holders failed as often before the incident is how failures always
          // look (a timeout before a failed payment), not what changed: its harm must be new
          // (new_harm = 0: the paper's Minesweeper, which compares test with control only).
          const auto held = holders(sequences, m.events);
          const double p_new = patterns::fisher_greater(held[1][1], held[1][0], held[0][1], held[0][0]);
          if (new_harm_ && !(p_new * tests < alpha_)) continue;
          Lead lead;
          lead.id = patterns::pattern_id(m.events, *sequences.events);
          lead.confidence = std::clamp(m.f1, 0.0, 1.0);
          lead.evidence.add("f1", m.f1)
              .add("precision", m.precision)
              .add("recall", m.recall)
              .add("test_sessions", double(m.test_count))
              .add("control_sessions", double(m.control_count))
              .add("test_total", double(nt))
              .add("control_total", double(nc))
              .add("fisher_p", p)
              .add("bonferroni_p", std::min(1.0, p * tests))
              .add("history_sessions", double(held[0][0]))
              .add("history_failure_rate", held[0][0] > 0 ? double(held[0][1]) / double(held[0][0]) : 0.0)
              .add("new_harm_p", p_new);
          lead.evidence.note = "test: faulty anomaly-window sessions; control: normal sessions";
          out.leads.push_back(std::move(lead));
        }
        rank_leads(out.leads);
        return out;
      },
      wf.event_patterns());
}

}  // namespace moce::experts
