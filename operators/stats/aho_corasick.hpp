// Aho-Corasick multi-pattern matching over int32 event codes: counts every (overlapping)
// occurrence of each pattern, a contiguous code sequence (Table 3, Expert 14 n-gram patterns).
#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "operators/stats/code_sequences.hpp"

namespace moce {

// The automaton is built once from the patterns and is immutable afterwards. Transitions are a
// dense table over the codes that occur in patterns (plus one "other" column), so matching is one
// table lookup per event; every node lists the patterns that end there, following dictionary
// (output) links, so duplicate and nested patterns are all counted.
class AhoCorasick {
 public:
  static constexpr std::string_view kName = "aho_corasick";

  // Throws ConfigError on an empty pattern or a negative code in a pattern.
  explicit AhoCorasick(std::vector<std::vector<std::int32_t>> patterns);

  std::string_view name() const { return kName; }
  void hash_params(Hasher& h) const { h.add(patterns_); }
  // The graph operator: count_each below.
  std::vector<std::int64_t> run(const CodeSequences& sequences) const { return count_each(sequences); }

  std::size_t num_patterns() const { return patterns_.size(); }
  const std::vector<std::int32_t>& pattern(std::size_t i) const { return patterns_[i]; }

  // Adds the occurrence count of each pattern in `sequence` to counts[pattern].
  void count(std::span<const std::int32_t> sequence, std::span<std::int64_t> counts) const;

  // Occurrences of every pattern in every sequence, row-major: [sequence * num_patterns + pattern].
  std::vector<std::int64_t> count_each(const CodeSequences& sequences) const;

  // For every pattern, the number of sequences holding it at least once.
  std::vector<std::int64_t> sequences_containing(const CodeSequences& sequences) const;

 private:
  int symbol(std::int32_t code) const {
    return code >= 0 && static_cast<std::size_t>(code) < symbol_of_.size() ? symbol_of_[static_cast<std::size_t>(code)]
                                                                          : other_;
  }
  template <class OnMatch>
  void scan(std::span<const std::int32_t> sequence, OnMatch&& on_match) const;

  std::vector<std::vector<std::int32_t>> patterns_;
  std::vector<int> symbol_of_;  // code -> column of the transition table
  int other_ = 0;               // column of codes in no pattern
  int columns_ = 1;
  std::vector<std::int32_t> next_;             // node * columns_ + symbol -> node
  std::vector<std::int64_t> output_offsets_;   // CSR: patterns ending at each node
  std::vector<std::int32_t> outputs_;
};

}  // namespace moce
