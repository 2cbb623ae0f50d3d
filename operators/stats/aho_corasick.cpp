// Aho-Corasick automaton over int32 codes.
#include "operators/stats/aho_corasick.hpp"

#include <algorithm>
#include <queue>

#include "runtime/error.hpp"

namespace moce {

AhoCorasick::AhoCorasick(std::vector<std::vector<std::int32_t>> patterns) : patterns_(std::move(patterns)) {
  std::vector<std::int32_t> alphabet;
  for (std::size_t i = 0; i < patterns_.size(); ++i) {
    if (patterns_[i].empty()) throw ConfigError(cat(kName, ": pattern ", i, " is empty"));
    for (std::int32_t c : patterns_[i]) {
      if (c < 0) throw ConfigError(cat(kName, ": pattern ", i, " holds the negative code ", c));
      alphabet.push_back(c);
    }
  }
  std::sort(alphabet.begin(), alphabet.end());
  alphabet.erase(std::unique(alphabet.begin(), alphabet.end()), alphabet.end());
  other_ = static_cast<int>(alphabet.size());
  columns_ = other_ + 1;
  symbol_of_.assign(alphabet.empty() ? 0 : static_cast<std::size_t>(alphabet.back()) + 1, other_);
  for (std::size_t s = 0; s < alphabet.size(); ++s) symbol_of_[static_cast<std::size_t>(alphabet[s])] = static_cast<int>(s);

  // The trie; -1 marks a missing edge until the breadth-first pass fills it in.
  const auto width = static_cast<std::size_t>(columns_);
  next_.assign(width, -1);
  std::vector<std::vector<std::int32_t>> ends(1);
  for (std::size_t i = 0; i < patterns_.size(); ++i) {
    std::size_t node = 0;
    for (std::int32_t c : patterns_[i]) {
      std::int32_t& edge = next_[node * width + static_cast<std::size_t>(symbol(c))];
      if (edge < 0) {
        edge = static_cast<std::int32_t>(ends.size());
        ends.emplace_back();
        next_.resize(next_.size() + width, -1);
      }
      node = static_cast<std::size_t>(next_[node * width + static_cast<std::size_t>(symbol(c))]);
    }
    ends[node].push_back(static_cast<std::int32_t>(i));
  }

  // Breadth-first: failure links, the full transition table (goto completed with failure moves)
  // and each node's outputs = its own patterns + those of its failure node (already final).
  const std::size_t nodes = ends.size();
  std::vector<std::size_t> fail(nodes, 0);
  std::vector<std::vector<std::int32_t>> out(nodes);
  std::vector<std::size_t> order;
  order.reserve(nodes);
  std::queue<std::size_t> pending;
  pending.push(0);
  while (!pending.empty()) {
    const std::size_t u = pending.front();
    pending.pop();
    order.push_back(u);
    out[u] = ends[u];
    if (u != 0) out[u].insert(out[u].end(), out[fail[u]].begin(), out[fail[u]].end());
    for (std::size_t c = 0; c < width; ++c) {
      std::int32_t& edge = next_[u * width + c];
      const std::int32_t via_fail = u == 0 ? 0 : next_[fail[u] * width + c];
      if (edge >= 0) {
        fail[static_cast<std::size_t>(edge)] = u == 0 ? 0 : static_cast<std::size_t>(via_fail);
        pending.push(static_cast<std::size_t>(edge));
      } else {
        edge = via_fail;
      }
    }
  }
  output_offsets_.assign(nodes + 1, 0);
  for (std::size_t u = 0; u < nodes; ++u)
    output_offsets_[u + 1] = output_offsets_[u] + static_cast<std::int64_t>(out[u].size());
  outputs_.reserve(static_cast<std::size_t>(output_offsets_.back()));
  for (std::size_t u = 0; u < nodes; ++u) outputs_.insert(outputs_.end(), out[u].begin(), out[u].end());
}

template <class OnMatch>
void AhoCorasick::scan(std::span<const std::int32_t> sequence, OnMatch&& on_match) const {
  const auto width = static_cast<std::size_t>(columns_);
  std::size_t state = 0;
  for (std::int32_t code : sequence) {
    state = static_cast<std::size_t>(next_[state * width + static_cast<std::size_t>(symbol(code))]);
    for (auto k = output_offsets_[state]; k < output_offsets_[state + 1]; ++k)
      on_match(static_cast<std::size_t>(outputs_[static_cast<std::size_t>(k)]));
  }
}

void AhoCorasick::count(std::span<const std::int32_t> sequence, std::span<std::int64_t> counts) const {
  MOCE_ASSERT(counts.size() == patterns_.size(), kName, ": ", counts.size(), " counters for ", patterns_.size(),
              " patterns");
  scan(sequence, [&](std::size_t p) { ++counts[p]; });
}

std::vector<std::int64_t> AhoCorasick::count_each(const CodeSequences& sequences) const {
  const std::size_t np = patterns_.size();
  std::vector<std::int64_t> counts(sequences.size() * np, 0);
  for (std::size_t s = 0; s < sequences.size(); ++s)
    count(sequences.at(s), std::span(counts).subspan(s * np, np));
  return counts;
}

std::vector<std::int64_t> AhoCorasick::sequences_containing(const CodeSequences& sequences) const {
  std::vector<std::int64_t> containing(patterns_.size(), 0);
  std::vector<std::int64_t> last_seen(patterns_.size(), -1);
  for (std::size_t s = 0; s < sequences.size(); ++s) {
    const auto stamp = static_cast<std::int64_t>(s);
    scan(sequences.at(s), [&](std::size_t p) {
      if (last_seen[p] != stamp) {
        last_seen[p] = stamp;
        ++containing[p];
      }
    });
  }
  return containing;
}

}  // namespace moce
