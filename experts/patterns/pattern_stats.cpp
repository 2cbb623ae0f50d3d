// Shared pieces of the event-pattern experts.
#include "experts/patterns/pattern_stats.hpp"

#include <algorithm>
#include <cmath>

#include "experts/workflows/session_tables.hpp"

namespace moce::experts::patterns {

SessionSplit split_sessions(const EventSequences& sequences, bool anomaly_only, bool skip_empty) {
  SessionSplit split;
  for (std::size_t i = 0; i < sequences.size(); ++i) {
    if (skip_empty && sequences.at(i).empty()) continue;
    const bool anomaly = sequences.window[i] == kAnomaly;
    if (sequences.bad[i]) {
      if (anomaly) split.faulty.push_back(i);
    } else if (anomaly || !anomaly_only) {
      split.normal.push_back(i);
    }
  }
  return split;
}

namespace {

// The distinct grams of the listed sessions, once per session, sorted (then runs = support).
std::vector<std::uint64_t> session_grams(const EventSequences& sequences, const std::vector<std::size_t>& sessions,
                                         const NGramCodec& codec, int min_n) {
  std::vector<std::uint64_t> all, mine;
  for (std::size_t s : sessions) {
    const auto seq = sequences.at(s);
    mine.clear();
    for (std::size_t i = 0; i < seq.size(); ++i) {
      std::uint64_t gram = 0;
      for (int n = 1; n <= codec.max_n() && i + static_cast<std::size_t>(n) <= seq.size(); ++n) {
        gram = codec.extend(gram, n - 1, seq[i + static_cast<std::size_t>(n) - 1]);
        if (n >= min_n) mine.push_back(gram);
      }
    }
    std::sort(mine.begin(), mine.end());
    mine.erase(std::unique(mine.begin(), mine.end()), mine.end());
    all.insert(all.end(), mine.begin(), mine.end());
  }
  std::sort(all.begin(), all.end());
  return all;
}

}  // namespace

std::vector<std::pair<std::uint64_t, std::int64_t>> sessions_holding(const EventSequences& sequences,
                                                                     const std::vector<std::size_t>& sessions,
                                                                     const NGramCodec& codec, int min_n) {
  const auto grams = session_grams(sequences, sessions, codec, min_n);
  std::vector<std::pair<std::uint64_t, std::int64_t>> out;
  for (std::uint64_t g : grams) {
    if (out.empty() || out.back().first != g) out.emplace_back(g, 0);
    ++out.back().second;
  }
  return out;
}

std::int64_t holding(const std::vector<std::pair<std::uint64_t, std::int64_t>>& counts, std::uint64_t gram) {
  auto it = std::lower_bound(counts.begin(), counts.end(), std::pair<std::uint64_t, std::int64_t>{gram, 0});
  return it != counts.end() && it->first == gram ? it->second : 0;
}

GramHistory gram_history(const EventSequences& sequences, const NGramCodec& codec, int min_n) {
  std::vector<std::size_t> history, history_bad;
  for (std::size_t i = 0; i < sequences.size(); ++i)
    if (sequences.window[i] == kHistorical) {
      history.push_back(i);
      if (sequences.bad[i]) history_bad.push_back(i);
    }
  return {sessions_holding(sequences, history, codec, min_n), sessions_holding(sequences, history_bad, codec, min_n)};
}

double GramHistory::new_harm_p(const GramSupport& g) const {
  return fisher_greater(g.faulty, g.faulty + g.normal, holding(held_bad, g.gram), holding(held, g.gram));
}

std::vector<GramSupport> gram_support(const EventSequences& sequences, const SessionSplit& split,
                                      const NGramCodec& codec, int min_n) {
  const auto faulty = session_grams(sequences, split.faulty, codec, min_n);
  const auto normal = session_grams(sequences, split.normal, codec, min_n);
  std::vector<GramSupport> out;
  std::size_t j = 0;
  for (std::size_t i = 0; i < faulty.size();) {
    GramSupport g{faulty[i], 0, 0};
    for (; i < faulty.size() && faulty[i] == g.gram; ++i) ++g.faulty;
    while (j < normal.size() && normal[j] < g.gram) ++j;
    for (; j < normal.size() && normal[j] == g.gram; ++j) ++g.normal;
    out.push_back(g);
  }
  return out;
}

namespace {

// Whether `inner` occurs in `outer` as a shorter contiguous run.
bool contains(const std::vector<std::int32_t>& outer, const std::vector<std::int32_t>& inner) {
  return inner.size() < outer.size() && std::search(outer.begin(), outer.end(), inner.begin(), inner.end()) != outer.end();
}

}  // namespace

std::vector<bool> mark_redundant(std::vector<ScoredPattern>& patterns, double same_share, bool identical_only) {
  std::sort(patterns.begin(), patterns.end(), [](const ScoredPattern& a, const ScoredPattern& b) {
    if (a.effect != b.effect) return a.effect > b.effect;
    if (a.codes.size() != b.codes.size()) return a.codes.size() < b.codes.size();
    return a.codes < b.codes;
  });
  std::vector<bool> drop(patterns.size(), false);
  for (std::size_t i = 0; i < patterns.size(); ++i)
    for (std::size_t j = 0; j < i && !drop[i]; ++j) {
      if (drop[j]) continue;
      const auto &weaker = patterns[i], &kept = patterns[j];
      if (!contains(kept.codes, weaker.codes) && !contains(weaker.codes, kept.codes)) continue;
      drop[i] = identical_only ? kept.support.faulty == weaker.support.faulty && kept.support.normal == weaker.support.normal
                               : double(kept.support.faulty) >= same_share * double(weaker.support.faulty);
    }
  return drop;
}

double fisher_greater(std::int64_t hits_a, std::int64_t n_a, std::int64_t hits_b, std::int64_t n_b) {
  const std::int64_t total = n_a + n_b, hits = hits_a + hits_b;
  if (hits_a <= 0 || total <= 0) return 1.0;
  auto log_choose = [](double n, double k) { return std::lgamma(n + 1) - std::lgamma(k + 1) - std::lgamma(n - k + 1); };
  const double denominator = log_choose(static_cast<double>(total), static_cast<double>(n_a));
  const std::int64_t top = std::min(hits, n_a);
  // Terms of the upper tail, summed from the largest exponent down for accuracy.
  std::vector<double> logs;
  for (std::int64_t k = hits_a; k <= top; ++k) {
    if (n_a - k > total - hits) continue;  // impossible table
    logs.push_back(log_choose(static_cast<double>(hits), static_cast<double>(k)) +
                   log_choose(static_cast<double>(total - hits), static_cast<double>(n_a - k)) - denominator);
  }
  if (logs.empty()) return 0.0;
  const double most = *std::max_element(logs.begin(), logs.end());
  double sum = 0;
  for (double l : logs) sum += std::exp(l - most);
  return std::min(1.0, std::exp(most) * sum);
}

std::vector<std::uint8_t> outcome_markers(const EventSequences& sequences, double alpha, double min_effect) {
  const auto alphabet = static_cast<std::size_t>(sequences.events ? sequences.events->size() : 0);
  std::vector<std::uint8_t> markers(alphabet, 0);
  SessionSplit history;
  for (std::size_t i = 0; i < sequences.size(); ++i)
    if (sequences.window[i] == kHistorical) (sequences.bad[i] ? history.faulty : history.normal).push_back(i);
  if (history.faulty.empty() || history.normal.empty() || alphabet == 0) return markers;
  const NGramCodec codec(static_cast<std::int32_t>(alphabet), 1);
  const auto support = gram_support(sequences, history, codec, 1);
  const auto nf = static_cast<std::int64_t>(history.faulty.size()), nn = static_cast<std::int64_t>(history.normal.size());
  for (const auto& g : support) {
    const double effect = double(g.faulty) / double(nf) - double(g.normal) / double(nn);
    if (effect < min_effect) continue;
    if (fisher_greater(g.faulty, nf, g.normal, nn) * static_cast<double>(support.size()) < alpha)
      markers[static_cast<std::size_t>(codec.decode(g.gram).front())] = 1;
  }
  return markers;
}

EventSequences without_codes(const EventSequences& sequences, const std::vector<std::uint8_t>& drop) {
  EventSequences out = sequences.select([](std::size_t) { return false; });
  out.offsets.assign(1, 0);
  for (std::size_t i = 0; i < sequences.size(); ++i) {
    for (std::int32_t c : sequences.at(i))
      if (c < 0 || static_cast<std::size_t>(c) >= drop.size() || !drop[static_cast<std::size_t>(c)]) out.codes.push_back(c);
    out.offsets.push_back(static_cast<std::int64_t>(out.codes.size()));
  }
  out.rows = sequences.rows;
  out.window = sequences.window;
  out.bad = sequences.bad;
  return out;
}

std::string pattern_id(std::span<const std::int32_t> codes, const Dictionary& events) {
  std::vector<std::string> names;
  for (std::int32_t c : codes) names.push_back(events.value(c));
  return lead_id::pattern(names);
}

}  // namespace moce::experts::patterns
