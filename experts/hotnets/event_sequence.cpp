// HotNets Expert 1: the 10% / 2x rule on k-token sequences, with a significance gate.
#include "experts/hotnets/event_sequence.hpp"

#include <algorithm>

#include "experts/patterns/pattern_stats.hpp"

namespace moce::experts {

namespace {

const ExpertInfo kInfo{"hotnets_event_sequence",
                       "hotnets",
                       {KpiKind::kReal, KpiKind::kBinary},
                       "a contiguous sequence of k event names (pattern:e1>e2)",
                       {Telemetry::kSessions, Telemetry::kEvents},
                       "HotNets'25 sec. 5.1 Expert 1: >= 10% of faulty sessions at >= 2x the normal rate, Fisher-gated, new harm"};

}  // namespace

HotNetsEventSequence::HotNetsEventSequence(const Config* config)
    : Expert(kInfo, config),
      min_length_(param_int("min_length", 2, 1, 4)),
      max_length_(param_int("max_length", 3, 1, 4)),
      max_leads_(param_int("max_leads", 5, 1, 1000)),
      min_faulty_share_(param("min_faulty_share", 0.10, 0, 1)),
      min_ratio_(param("min_ratio", 2.0, 1, 1e6)),
      alpha_(param("alpha", 0.01, 1e-12, 0.5)) {}

Lazy<Leads> HotNetsEventSequence::build(Workflows& wf) const {
  return step(
      wf, "rank",
      [this](const EventSequences& sequences) {
        Leads out;
        const auto split = patterns::split_sessions(sequences, /*anomaly_only=*/true, /*skip_empty=*/false);
        const auto nf = static_cast<std::int64_t>(split.faulty.size());
        const auto nn = static_cast<std::int64_t>(split.normal.size());
        if (nf == 0 || nn == 0 || !sequences.events || min_length_ > max_length_) return out;
        const NGramCodec codec(std::max<std::int32_t>(1, sequences.events->size()), static_cast<int>(max_length_));
        const auto support = patterns::gram_support(sequences, split, codec, static_cast<int>(min_length_));
        // The heuristic first (the paper's opportunities), then the gate over those checked.
        const double tests = static_cast<double>(support.size());
        const auto history = patterns::gram_history(sequences, codec, static_cast<int>(min_length_));
        std::vector<patterns::ScoredPattern> passing;
        for (const auto& g : support) {
          const double pf = double(g.faulty) / double(nf), pn = double(g.normal) / double(nn);
          if (!(pf >= min_faulty_share_ && pf >= min_ratio_ * pn)) continue;
          const double p = patterns::fisher_greater(g.faulty, nf, g.normal, nn);
          if (!(p * tests < alpha_)) continue;
          const double p_new = history.new_harm_p(g);
          if (!(p_new * tests < alpha_)) continue;
          passing.push_back({codec.decode(g.gram), g, pf - pn, p, patterns::holding(history.held, g.gram),
                             patterns::holding(history.held_bad, g.gram), p_new});
        }
        // Sequences held by exactly the same sessions are one opportunity: the shortest names it.
        const auto drop = patterns::mark_redundant(passing, 1.0, /*identical_only=*/true);
        for (std::size_t i = 0; i < passing.size(); ++i) {
          if (drop[i]) continue;
          const auto* g = &passing[i].support;
          const double pf = double(g->faulty) / double(nf), pn = double(g->normal) / double(nn), p = passing[i].p;
          Lead lead;
          lead.id = patterns::pattern_id(passing[i].codes, *sequences.events);
          lead.confidence = std::clamp(pf - pn, 0.0, 1.0);
          lead.evidence.add("faulty_rate", pf)
              .add("normal_rate", pn)
              .add("rate_ratio", pn > 0 ? pf / pn : 1e9)
              .add("faulty_sessions", double(g->faulty))
              .add("normal_sessions", double(g->normal))
              .add("fisher_p", p)
              .add("bonferroni_p", std::min(1.0, p * tests))
              .add("history_sessions", double(passing[i].history))
              .add("history_failure_rate",
                   passing[i].history > 0 ? double(passing[i].history_bad) / double(passing[i].history) : 0.0)
              .add("history_fisher_p", passing[i].p_history);
          lead.evidence.note = "anomaly window; >= 10% of faulty sessions at >= 2x the normal rate, Fisher-gated";
          out.leads.push_back(std::move(lead));
        }
        rank_leads(out.leads, static_cast<std::size_t>(max_leads_));
        return out;
      },
      wf.event_patterns());
}

}  // namespace moce::experts
