// Tests of Aho-Corasick counting: hand cases (overlaps, nesting, duplicates) and brute-force
// search on seeded random sequences.
#include "operators/stats/aho_corasick.hpp"

#include <gtest/gtest.h>

#include <random>
#include <vector>

#include "runtime/error.hpp"

namespace moce {
namespace {

using Codes = std::vector<std::int32_t>;

std::int64_t brute_count(const Codes& seq, const Codes& pattern) {
  std::int64_t n = 0;
  for (std::size_t i = 0; i + pattern.size() <= seq.size(); ++i)
    n += std::equal(pattern.begin(), pattern.end(), seq.begin() + static_cast<std::ptrdiff_t>(i));
  return n;
}

TEST(AhoCorasick, OverlappingNestedAndDuplicatePatterns) {
  // In 1 1 1 2 1 1 2: "1 1" occurs 3 times (overlapping), "1 1 2" twice, "1 2" twice, "2" twice,
  // "2 1 1 2" once; the duplicate "1 2" is counted for both of its copies; "7" never.
  const AhoCorasick ac({{1, 1}, {1, 1, 2}, {1, 2}, {2}, {2, 1, 1, 2}, {1, 2}, {7}});
  const Codes seq = {1, 1, 1, 2, 1, 1, 2};
  std::vector<std::int64_t> counts(ac.num_patterns(), 0);
  ac.count(seq, counts);
  EXPECT_EQ(counts, (std::vector<std::int64_t>{3, 2, 2, 2, 1, 2, 0}));
  // Codes absent from every pattern (and missing codes) reset matching.
  std::vector<std::int64_t> again(ac.num_patterns(), 0);
  ac.count(Codes{1, 99, 1, -1, 2, 1, 1}, again);
  EXPECT_EQ(again, (std::vector<std::int64_t>{1, 0, 0, 1, 0, 0, 0}));
}

TEST(AhoCorasick, MatchesBruteForceOnRandomSequences) {
  std::mt19937_64 rng(99);
  std::uniform_int_distribution<std::int32_t> code(0, 5);  // small alphabet: many overlaps
  std::uniform_int_distribution<int> plen(1, 4), slen(0, 60);
  std::vector<Codes> patterns(40);
  for (auto& p : patterns) {
    p.resize(static_cast<std::size_t>(plen(rng)));
    for (auto& c : p) c = code(rng);
  }
  std::vector<std::int32_t> codes;
  std::vector<std::int64_t> offsets = {0};
  std::vector<Codes> seqs(50);
  for (auto& s : seqs) {
    s.resize(static_cast<std::size_t>(slen(rng)));
    for (auto& c : s) c = code(rng) + (code(rng) == 0 ? 10 : 0);  // some codes outside every pattern
    codes.insert(codes.end(), s.begin(), s.end());
    offsets.push_back(static_cast<std::int64_t>(codes.size()));
  }
  const AhoCorasick ac(patterns);
  const CodeSequences view{codes, offsets};
  const auto each = ac.count_each(view);
  const auto containing = ac.sequences_containing(view);
  for (std::size_t p = 0; p < patterns.size(); ++p) {
    std::int64_t holders = 0;
    for (std::size_t s = 0; s < seqs.size(); ++s) {
      const std::int64_t want = brute_count(seqs[s], patterns[p]);
      EXPECT_EQ(each[s * patterns.size() + p], want) << "sequence " << s << " pattern " << p;
      holders += want > 0;
    }
    EXPECT_EQ(containing[p], holders) << "pattern " << p;
  }
}

TEST(AhoCorasick, RejectsBadPatterns) {
  EXPECT_THROW(AhoCorasick({{1, 2}, {}}), ConfigError);
  EXPECT_THROW(AhoCorasick({{1, -1}}), ConfigError);
}

}  // namespace
}  // namespace moce
