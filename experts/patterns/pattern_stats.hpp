// Shared pieces of the event-pattern experts (Table 3 Experts 14, 15; HotNets Expert 1): which
// sessions of workflow 4 are faulty or normal, session support of contiguous n-grams, the
// one-sided Fisher test that gates every pattern lead, and the canonical pattern id.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "experts/core/lead.hpp"
#include "experts/workflows/event_patterns.hpp"
#include "operators/stateful/ngrams.hpp"

namespace moce::experts::patterns {

// The sessions an expert compares, as indices into EventSequences.
struct SessionSplit {
  std::vector<std::size_t> faulty, normal;
};

// Faulty = bad outcome, normal = the rest. `anomaly_only`: faulty and normal sessions both from
// the anomaly window; otherwise normal sessions come from either window (faulty ones still from
// the anomaly window only, where the incident is). `skip_empty` drops sessions with no token
// (Minesweeper must not count them in |T| or |C|).
SessionSplit split_sessions(const EventSequences& sequences, bool anomaly_only, bool skip_empty);

// A contiguous n-gram and the number of faulty and normal sessions holding it (each once).
struct GramSupport {
  std::uint64_t gram = 0;
  std::int64_t faulty = 0;
  std::int64_t normal = 0;
};

// Every contiguous n-gram, min_n <= n <= codec.max_n(), of the listed sessions and how many of
// them hold it (each session once), sorted by gram.
std::vector<std::pair<std::uint64_t, std::int64_t>> sessions_holding(const EventSequences& sequences,
                                                                     const std::vector<std::size_t>& sessions,
                                                                     const NGramCodec& codec, int min_n);
// The count of `gram` in a sessions_holding() list (0 if absent).
std::int64_t holding(const std::vector<std::pair<std::uint64_t, std::int64_t>>& counts, std::uint64_t gram);

// The historical window's sessions holding each n-gram, and those of them that failed: whether a
// pattern's harm is new. new_harm_p() is the one-sided Fisher p-value that the pattern's holders
// fail more often in the anomaly window (g.faulty of g.faulty + g.normal) than its holders did in
// the history; 1 when it has no history (nothing to compare with: no evidence of a new harm).
struct GramHistory {
  std::vector<std::pair<std::uint64_t, std::int64_t>> held, held_bad;
  double new_harm_p(const GramSupport& g) const;
};
GramHistory gram_history(const EventSequences& sequences, const NGramCodec& codec, int min_n);

// Every contiguous n-gram, min_n <= n <= codec.max_n(), present in at least one faulty session,
// sorted by gram (the codec's numeric order: lexicographic by event code, prefixes first).
std::vector<GramSupport> gram_support(const EventSequences& sequences, const SessionSplit& split,
                                      const NGramCodec& codec, int min_n);

// A significant pattern and its strength, for the redundancy rule below.
struct ScoredPattern {
  std::vector<std::int32_t> codes;
  GramSupport support;
  double effect = 0;  // larger is stronger
  double p = 1;
  std::int64_t history = 0, history_bad = 0;  // holders in the history, and those that failed
  double p_history = 1;
};

// Orders `patterns` strongest first (effect, then shorter, then codes) and marks the redundant
// ones, greedily: a pattern is redundant when a stronger one kept contains it or is contained in
// it (contiguously) and holds at least `same_share` of its faulty sessions; with `identical_only`
// the two must instead hold exactly the same faulty and normal session counts. Of patterns with
// identical support the shorter comes first and stays: the longer one's extra events ride along.
std::vector<bool> mark_redundant(std::vector<ScoredPattern>& patterns, double same_share, bool identical_only);

// One-sided Fisher exact test: the probability, with the margins fixed, of at least `hits_a` of
// the pattern's hits_a + hits_b sessions falling in group a (n_a sessions) rather than group b
// (n_b); small when the pattern is over-represented in group a.
double fisher_greater(std::int64_t hits_a, std::int64_t n_a, std::int64_t hits_b, std::int64_t n_b);

// Outcome markers: event types that already flagged a bad outcome before the incident (in the
// historical window their share of faulty sessions exceeds their share of normal sessions by at
// least `min_effect`, one-sided Fisher significant at `alpha`, Bonferroni over the event types).
// They are the failure showing itself in the event stream (an app error after any failed login),
// not its cause, and they would otherwise ride along with every cause pattern. Per event code.
std::vector<std::uint8_t> outcome_markers(const EventSequences& sequences, double alpha, double min_effect);

// The sequences without the tokens whose code is flagged in `drop` (same sessions, same order).
EventSequences without_codes(const EventSequences& sequences, const std::vector<std::uint8_t>& drop);

// pattern:e1>e2>... with the event names of the corpus dictionary.
std::string pattern_id(std::span<const std::int32_t> codes, const Dictionary& events);

}  // namespace moce::experts::patterns
