// Minesweeper: prefix-growth mining of gapped event patterns, scoring and redundancy removal.
#include "operators/stats/minesweeper.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <tuple>
#include <utility>

#include "operators/stats/code_cardinality.hpp"
#include "runtime/error.hpp"

namespace moce {
namespace {

// (session, position after the prefix's last matched event) for every session holding the prefix.
using Projection = std::vector<std::pair<std::size_t, std::size_t>>;

std::uint64_t mix(std::uint64_t h, std::uint64_t v) {
  h ^= v + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2);
  h ^= h >> 31;
  h *= 0xbf58476d1ce4e5b9ULL;
  return h ^ (h >> 29);
}

class Miner {
 public:
  Miner(const Minesweeper::Params& params, const CodeSequences& test, const CodeSequences& control)
      : params_(params), test_(test), control_(control) {
    codes_ = code_cardinality(test.codes);
    stamp_.assign(codes_, -1);
    const double needed = std::ceil(params.min_support * static_cast<double>(test.num_nonempty()) - 1e-9);
    min_count_ = std::max<std::int64_t>(1, static_cast<std::int64_t>(needed));
  }

  void run(std::vector<MinedPattern>& out, std::vector<std::uint64_t>& fingerprints) {
    out_ = &out;
    fingerprints_ = &fingerprints;
    Projection t, c;
    for (std::size_t s = 0; s < test_.size(); ++s) t.emplace_back(s, 0);
    for (std::size_t s = 0; s < control_.size(); ++s) c.emplace_back(s, 0);
    if (!t.empty()) grow(t, c);
  }

 private:
  static Projection extend(const CodeSequences& db, const Projection& from, std::int32_t event) {
    Projection to;
    for (const auto& [s, pos] : from) {
      const auto seq = db.at(s);
      const auto it = std::find(seq.begin() + static_cast<std::ptrdiff_t>(pos), seq.end(), event);
      if (it != seq.end()) to.emplace_back(s, static_cast<std::size_t>(it - seq.begin()) + 1);
    }
    return to;
  }

  void grow(const Projection& test, const Projection& control) {
    if (prefix_.size() >= static_cast<std::size_t>(params_.max_length)) return;
    // Sessions (not occurrences) holding each event after the prefix.
    std::vector<std::int64_t> count(codes_, 0);
    for (const auto& [s, pos] : test) {
      ++tick_;
      for (std::int32_t c : test_.at(s).subspan(pos)) {
        if (c < 0 || stamp_[static_cast<std::size_t>(c)] == tick_) continue;
        stamp_[static_cast<std::size_t>(c)] = tick_;
        ++count[static_cast<std::size_t>(c)];
      }
    }
    for (std::size_t e = 0; e < codes_; ++e) {
      if (count[e] < min_count_) continue;
      const auto event = static_cast<std::int32_t>(e);
      Projection t = extend(test_, test, event);
      Projection c = extend(control_, control, event);
      prefix_.push_back(event);
      MinedPattern p;
      p.events = prefix_;
      p.test_count = static_cast<std::int64_t>(t.size());
      p.control_count = static_cast<std::int64_t>(c.size());
      std::uint64_t h = 0;
      for (const auto& entry : t) h = mix(h, entry.first);
      h = mix(h, ~0ULL);
      for (const auto& entry : c) h = mix(h, entry.first);
      out_->push_back(std::move(p));
      fingerprints_->push_back(h);
      grow(t, c);
      prefix_.pop_back();
    }
  }

  const Minesweeper::Params& params_;
  const CodeSequences& test_;
  const CodeSequences& control_;
  std::size_t codes_ = 0;
  std::int64_t min_count_ = 1;
  std::vector<std::int64_t> stamp_;
  std::int64_t tick_ = 0;
  std::vector<std::int32_t> prefix_;
  std::vector<MinedPattern>* out_ = nullptr;
  std::vector<std::uint64_t>* fingerprints_ = nullptr;
};

void score(MinedPattern& p, std::size_t test_size, std::size_t control_size) {
  const double st = static_cast<double>(p.test_count) / static_cast<double>(test_size);
  const double sc = control_size == 0 ? 0.0 : static_cast<double>(p.control_count) / static_cast<double>(control_size);
  p.recall = st;
  p.precision = st + sc > 0 ? st / (st + sc) : 0.0;
  p.f1 = p.precision + p.recall > 0 ? 2 * p.precision * p.recall / (p.precision + p.recall) : 0.0;
}

std::vector<MinedPattern> mine_patterns(const Minesweeper::Params& params, const CodeSequences& test,
                                        const CodeSequences& control, std::vector<std::uint64_t>& fingerprints) {
  std::vector<MinedPattern> out;
  // |T| and |C| count sessions with events: a part filter leaves the sessions it rejects in
  // place, empty, and counting those would shrink every recall and skew every precision.
  const std::size_t test_size = test.num_nonempty();
  if (test_size == 0) return out;
  Miner(params, test, control).run(out, fingerprints);
  for (auto& p : out) score(p, test_size, control.num_nonempty());
  return out;
}

// The sessions of `db` holding `pattern`, by direct matching.
std::vector<std::size_t> holders(const CodeSequences& db, const std::vector<std::int32_t>& pattern) {
  std::vector<std::size_t> ids;
  for (std::size_t s = 0; s < db.size(); ++s)
    if (contains_subsequence(db.at(s), pattern)) ids.push_back(s);
  return ids;
}

bool shorter_then_smaller(const MinedPattern& x, const MinedPattern& y) {
  if (x.events.size() != y.events.size()) return x.events.size() < y.events.size();
  return x.events < y.events;
}

}  // namespace

bool contains_subsequence(std::span<const std::int32_t> sequence, std::span<const std::int32_t> pattern) {
  std::size_t k = 0;
  for (std::int32_t c : sequence)
    if (k < pattern.size() && c == pattern[k]) ++k;
  return k == pattern.size();
}

Minesweeper::Minesweeper(Params params) : params_(params) {
  // The redundancy check enumerates the 2^length sub-patterns of a pattern in a 32-bit mask.
  if (params_.max_length < 1 || params_.max_length > kMaxLength)
    throw ConfigError(cat(kName, ": max_length must be in [1, ", kMaxLength, "], got ", params_.max_length));
  if (!(params_.min_support >= 0 && params_.min_support <= 1))
    throw ConfigError(cat(kName, ": min_support must be in [0, 1], got ", params_.min_support));
  if (!(params_.min_precision >= 0 && params_.min_precision < 1))
    throw ConfigError(cat(kName, ": min_precision must be in [0, 1), got ", params_.min_precision));
  if (params_.top_n < 1) throw ConfigError(cat(kName, ": top_n must be >= 1, got ", params_.top_n));
}

std::vector<MinedPattern> Minesweeper::mine(const CodeSequences& test, const CodeSequences& control) const {
  std::vector<std::uint64_t> fingerprints;
  return mine_patterns(params_, test, control, fingerprints);
}

std::vector<MinedPattern> Minesweeper::run(const CodeSequences& test, const CodeSequences& control) const {
  std::vector<std::uint64_t> all_fingerprints;
  std::vector<MinedPattern> mined = mine_patterns(params_, test, control, all_fingerprints);
  std::vector<MinedPattern> kept;
  std::vector<std::uint64_t> fingerprints;
  for (std::size_t i = 0; i < mined.size(); ++i) {
    if (mined[i].precision <= params_.min_precision) continue;
    kept.push_back(std::move(mined[i]));
    fingerprints.push_back(all_fingerprints[i]);
  }

  if (params_.remove_redundant) {
    // (a) A sub-pattern at least as good makes the longer pattern redundant.
    std::map<std::vector<std::int32_t>, double> f1_of;
    for (const auto& p : kept) f1_of.emplace(p.events, p.f1);
    std::vector<char> drop(kept.size(), 0);
    for (std::size_t i = 0; i < kept.size(); ++i) {
      const auto& events = kept[i].events;
      const unsigned full = (1U << events.size()) - 1;
      for (unsigned mask = 1; mask < full && !drop[i]; ++mask) {
        std::vector<std::int32_t> sub;
        for (std::size_t k = 0; k < events.size(); ++k)
          if (mask & (1U << k)) sub.push_back(events[k]);
        const auto it = f1_of.find(sub);
        if (it != f1_of.end() && it->second >= kept[i].f1) drop[i] = 1;
      }
    }
    // (b) Patterns held by exactly the same sessions: keep the shortest. Candidates share a
    // fingerprint and counts; the session sets are then compared exactly.
    std::map<std::tuple<std::uint64_t, std::int64_t, std::int64_t>, std::vector<std::size_t>> groups;
    for (std::size_t i = 0; i < kept.size(); ++i)
      if (!drop[i]) groups[{fingerprints[i], kept[i].test_count, kept[i].control_count}].push_back(i);
    for (auto& [key, members] : groups) {
      if (members.size() < 2) continue;
      std::sort(members.begin(), members.end(),
                [&](std::size_t x, std::size_t y) { return shorter_then_smaller(kept[x], kept[y]); });
      std::vector<std::pair<std::vector<std::size_t>, std::vector<std::size_t>>> classes;
      for (std::size_t i : members) {
        auto sessions = std::make_pair(holders(test, kept[i].events), holders(control, kept[i].events));
        if (std::find(classes.begin(), classes.end(), sessions) != classes.end()) {
          drop[i] = 1;
        } else {
          classes.push_back(std::move(sessions));
        }
      }
    }
    std::vector<MinedPattern> survivors;
    for (std::size_t i = 0; i < kept.size(); ++i)
      if (!drop[i]) survivors.push_back(std::move(kept[i]));
    kept = std::move(survivors);
  }

  std::sort(kept.begin(), kept.end(), [](const MinedPattern& x, const MinedPattern& y) {
    if (x.f1 != y.f1) return x.f1 > y.f1;
    if (x.precision != y.precision) return x.precision > y.precision;
    return shorter_then_smaller(x, y);
  });
  if (kept.size() > static_cast<std::size_t>(params_.top_n)) kept.resize(static_cast<std::size_t>(params_.top_n));
  return kept;
}

}  // namespace moce
