// Minesweeper (Murali et al., ICSE-SEIP'21) as set out in ALGORITHMS.md sec. 2.2: event patterns
// (ordered, gapped subsequences) distinctive of failing ("test") sessions against non-failing
// ("control") ones, mined PrefixSpan-style and scored by precision, recall and F1.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "operators/stats/code_sequences.hpp"

namespace moce {

struct MinedPattern {
  std::vector<std::int32_t> events;
  std::int64_t test_count = 0;     // test sessions containing the pattern (each counted once)
  std::int64_t control_count = 0;  // control sessions containing it
  double recall = 0;               // s_T = test_count / |T|
  double precision = 0;            // s_T / (s_T + s_C), s_C = control_count / |C| (0 if C is empty)
  double f1 = 0;                   // 2 P R / (P + R)
};

// Choices (ALGORITHMS.md 2.2 leaves them open; MoCE sec. 5.2 fixes the length at 4):
// - P occurs in a session when its events appear in order, gaps allowed; negative codes
//   (missing) are never events. Support is per session.
// - mine(): every pattern of length 1..max_length whose test count >= ceil(min_support |T|)
//   (at least 1), by depth-first prefix growth on pseudo-projections of both groups at once;
//   pruning on test support only, as it alone is anti-monotone. |T| and |C| count the sessions
//   with at least one event (empty parts, e.g. rejected by a part filter, are not sessions here).
// - run(): keeps precision > min_precision; then, if remove_redundant, (a) drops a pattern when a
//   proper sub-pattern among those kept has an F1 at least as high (judged on the kept set, not
//   iteratively), and (b) of patterns present in exactly the same test and control sessions keeps
//   the shortest (then the lexicographically smallest); finally ranks by F1, then precision
//   (descending), then shorter, then lexicographic events, and returns the first top_n.
// Numeric telemetry binning and statistical tests are not part of this operator.
class Minesweeper {
 public:
  struct Params {
    int max_length = 4;
    double min_support = 0.05;
    double min_precision = 0.5;
    bool remove_redundant = true;
    int top_n = 10;
    void hash_append(Hasher& h) const {
      h.add(max_length);
      h.add(min_support);
      h.add(min_precision);
      h.add(remove_redundant);
      h.add(top_n);
    }
  };
  static constexpr int kMaxLength = 16;
  static constexpr std::string_view kName = "minesweeper";

  // Throws ConfigError on max_length outside [1, kMaxLength], min_support outside [0, 1], min_precision outside
  // [0, 1) or top_n < 1.
  explicit Minesweeper(Params params);
  const Params& params() const { return params_; }
  std::string_view name() const { return kName; }
  void hash_params(Hasher& h) const { h.add(params_); }

  // Every frequent pattern with its counts and scores (unfiltered, in depth-first order).
  std::vector<MinedPattern> mine(const CodeSequences& test, const CodeSequences& control) const;
  // The ranked, filtered leads.
  std::vector<MinedPattern> run(const CodeSequences& test, const CodeSequences& control) const;

 private:
  Params params_;
};

// Whether `pattern` occurs in `sequence` in order, gaps allowed.
bool contains_subsequence(std::span<const std::int32_t> sequence, std::span<const std::int32_t> pattern);

}  // namespace moce
