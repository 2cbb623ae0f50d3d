// Expert 14: contiguous n-grams over-represented in the anomaly window's faulty sessions.
#include "experts/patterns/ngram_patterns.hpp"

#include <algorithm>

#include "experts/patterns/pattern_stats.hpp"

namespace moce::experts {

namespace {

const ExpertInfo kInfo{"ngram_patterns",
                       "patterns",
                       {KpiKind::kReal, KpiKind::kBinary},
                       "a contiguous sequence of event names (pattern:e1>e2>e3)",
                       {Telemetry::kSessions, Telemetry::kEvents},
                       "Statistical (one-sided Fisher, Bonferroni) on n-gram support, faulty vs normal sessions"};

}  // namespace

NGramPatterns::NGramPatterns(const Config* config)
    : Expert(kInfo, config),
      max_n_(param_int("max_n", 3, 1, 4)),
      min_faulty_(param_int("min_faulty", 3, 1, 1'000'000)),
      max_leads_(param_int("max_leads", 5, 1, 1000)),
      alpha_(param("alpha", 0.01, 1e-12, 0.5)),
      min_effect_(param("min_effect", 0.1, 0, 1)),
      same_share_(param("same_share", 0.95, 0.5, 1)),
      marker_effect_(param("marker_effect", 0.5, 0, 1.01)) {}

Lazy<Leads> NGramPatterns::build(Workflows& wf) const {
  return step(
      wf, "rank",
      [this](const EventSequences& all) {
        Leads out;
        // Events that flagged bad outcomes before the incident are symptoms, not causes: drop them
        // (marker_effect > 1 turns this off).
        const auto markers = patterns::outcome_markers(all, alpha_, marker_effect_);
        const auto dropped = std::count(markers.begin(), markers.end(), std::uint8_t{1});
        const EventSequences sequences = dropped ? patterns::without_codes(all, markers) : all;
        const auto split = patterns::split_sessions(sequences, /*anomaly_only=*/true, /*skip_empty=*/false);
        const auto nf = static_cast<std::int64_t>(split.faulty.size());
        const auto nn = static_cast<std::int64_t>(split.normal.size());
        if (nf < min_faulty_ || nn == 0 || !sequences.events) return out;
        const NGramCodec codec(std::max<std::int32_t>(1, sequences.events->size()), static_cast<int>(max_n_));
        const auto support = patterns::gram_support(sequences, split, codec, 1);
        const auto history = patterns::gram_history(sequences, codec, 1);
        std::size_t tested = 0;
        for (const auto& g : support) tested += g.faulty >= min_faulty_;
        std::vector<patterns::ScoredPattern> kept;
        for (const auto& g : support) {
          if (g.faulty < min_faulty_) continue;
          const double effect = double(g.faulty) / double(nf) - double(g.normal) / double(nn);
          if (effect < min_effect_) continue;
          const double p = patterns::fisher_greater(g.faulty, nf, g.normal, nn);
          if (!(p * static_cast<double>(tested) < alpha_)) continue;
          // New harm: its holders fail more often now than they did in the history (a pattern
          // that always went with failures, or one with no history, is not this incident's cause).
          const double p_new = history.new_harm_p(g);
          if (!(p_new * static_cast<double>(tested) < alpha_)) continue;
          kept.push_back({codec.decode(g.gram), g, effect, p, patterns::holding(history.held, g.gram),
                          patterns::holding(history.held_bad, g.gram), p_new});
        }
        const auto drop = patterns::mark_redundant(kept, same_share_, /*identical_only=*/false);
        for (std::size_t i = 0; i < kept.size(); ++i) {
          if (drop[i]) continue;
          const auto& c = kept[i];
          Lead lead;
          lead.id = patterns::pattern_id(c.codes, *sequences.events);
          lead.confidence = std::clamp(c.effect, 0.0, 1.0);
          lead.evidence.add("faulty_sessions", double(c.support.faulty))
              .add("normal_sessions", double(c.support.normal))
              .add("faulty_share", double(c.support.faulty) / double(nf))
              .add("normal_share", double(c.support.normal) / double(nn))
              .add("fisher_p", c.p)
              .add("bonferroni_p", std::min(1.0, c.p * static_cast<double>(tested)))
              .add("history_sessions", double(c.history))
              .add("history_failure_rate", c.history > 0 ? double(c.history_bad) / double(c.history) : 0.0)
              .add("history_fisher_p", c.p_history)
              .add("faulty_total", double(nf))
              .add("normal_total", double(nn))
              .add("outcome_markers_dropped", double(dropped));
          lead.evidence.note = "anomaly window; one-sided Fisher test of faulty vs normal session shares";
          out.leads.push_back(std::move(lead));
        }
        rank_leads(out.leads, static_cast<std::size_t>(max_leads_));
        return out;
      },
      wf.event_patterns());
}

}  // namespace moce::experts
