// The shared pattern statistics against answers worked out by hand or by brute force.
#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <set>

#include "experts/patterns/pattern_stats.hpp"
#include "experts/workflows/session_tables.hpp"

namespace moce::experts::patterns {
namespace {

double choose(int n, int k) {
  double r = 1;
  for (int i = 1; i <= k; ++i) r = r * (n - k + i) / i;
  return r;
}

TEST(FisherGreater, MatchesHypergeometricTailByHand) {
  // 3 of 4 faulty vs 1 of 6 normal hold the pattern: margins 4 / 6, 4 holders. P(X >= 3) =
  // [C(4,3) C(6,1) + C(4,4) C(6,0)] / C(10,4) = (24 + 1) / 210.
  EXPECT_NEAR(fisher_greater(3, 4, 1, 6), 25.0 / 210.0, 1e-12);
  // All 5 faulty, none of 20 normal: 1 / C(25,5).
  EXPECT_NEAR(fisher_greater(5, 5, 0, 20), 1.0 / choose(25, 5), 1e-15);
  EXPECT_DOUBLE_EQ(fisher_greater(0, 5, 3, 20), 1.0);
  // Under-represented: the upper tail is large.
  EXPECT_GT(fisher_greater(1, 10, 9, 10), 0.99);
}

EventSequences make(const std::vector<std::vector<std::int32_t>>& seqs, const std::vector<int>& bad,
                    const std::vector<int>& window) {
  EventSequences s;
  s.events = std::make_shared<Dictionary>(std::vector<std::string>{"a", "b", "c", "d"}, "event");
  for (std::size_t i = 0; i < seqs.size(); ++i) {
    s.codes.insert(s.codes.end(), seqs[i].begin(), seqs[i].end());
    s.offsets.push_back(static_cast<std::int64_t>(s.codes.size()));
    s.rows.push_back(static_cast<std::int64_t>(i));
    s.bad.push_back(static_cast<std::uint8_t>(bad[i]));
    s.window.push_back(static_cast<std::int8_t>(window[i]));
  }
  s.ignored.assign(4, 0);
  return s;
}

TEST(GramSupport, CountsEachSessionOnceLikeBruteForce) {
  const std::vector<std::vector<std::int32_t>> seqs = {{0, 1, 0, 1}, {0, 1, 2}, {2, 2, 2}, {0, 1}, {}, {3, 0, 1}};
  const auto s = make(seqs, {1, 1, 1, 0, 0, 0}, {1, 1, 1, 1, 1, 0});
  const auto split = split_sessions(s, /*anomaly_only=*/true, /*skip_empty=*/false);
  EXPECT_EQ(split.faulty, (std::vector<std::size_t>{0, 1, 2}));
  EXPECT_EQ(split.normal, (std::vector<std::size_t>{3, 4}));
  EXPECT_EQ(split_sessions(s, false, true).normal, (std::vector<std::size_t>{3, 5}));
  const NGramCodec codec(4, 3);
  const auto support = gram_support(s, split, codec, 1);
  // Brute force: the distinct contiguous runs of each session.
  std::map<std::vector<std::int32_t>, std::pair<int, int>> expected;
  auto add = [&](std::size_t i, bool faulty) {
    std::set<std::vector<std::int32_t>> seen;
    for (std::size_t a = 0; a < seqs[i].size(); ++a)
      for (std::size_t n = 1; n <= 3 && a + n <= seqs[i].size(); ++n)
        seen.insert(std::vector<std::int32_t>(seqs[i].begin() + a, seqs[i].begin() + a + n));
    for (const auto& g : seen) (faulty ? expected[g].first : expected[g].second) += 1;
  };
  for (auto i : split.faulty) add(i, true);
  for (auto i : split.normal) add(i, false);
  std::size_t with_faulty = 0;
  for (const auto& [g, c] : expected) with_faulty += c.first > 0;
  ASSERT_EQ(support.size(), with_faulty);
  for (const auto& g : support) {
    const auto& c = expected.at(codec.decode(g.gram));
    EXPECT_EQ(g.faulty, c.first);
    EXPECT_EQ(g.normal, c.second);
  }
  EXPECT_EQ(pattern_id(std::vector<std::int32_t>{0, 1}, *s.events), "pattern:a>b");
}

TEST(OutcomeMarkers, FlagsEventsThatMarkedFailuresInHistory) {
  // History: "d" in all 6 failed sessions and none of 20 ok ones; "a" everywhere.
  std::vector<std::vector<std::int32_t>> seqs;
  std::vector<int> bad, window;
  for (int i = 0; i < 26; ++i) {
    seqs.push_back(i < 6 ? std::vector<std::int32_t>{0, 3} : std::vector<std::int32_t>{0, 1});
    bad.push_back(i < 6);
    window.push_back(0);
  }
  const auto s = make(seqs, bad, window);
  EXPECT_EQ(outcome_markers(s, 0.01, 0.5), (std::vector<std::uint8_t>{0, 0, 0, 1}));
  const auto stripped = without_codes(s, outcome_markers(s, 0.01, 0.5));
  EXPECT_EQ(stripped.at(0).size(), 1u);
  EXPECT_EQ(stripped.at(10).size(), 2u);
  EXPECT_EQ(stripped.size(), s.size());
}

TEST(MarkRedundant, KeepsTheShortestOfIdenticalAndTheStrongestCover) {
  std::vector<ScoredPattern> p = {
      {{0, 1, 2}, {0, 10, 1}, 0.8, 0}, {{0, 1}, {0, 10, 1}, 0.8, 0}, {{1}, {0, 12, 30}, 0.3, 0}, {{3}, {0, 5, 0}, 0.5, 0}};
  const auto drop = mark_redundant(p, 0.95, false);
  ASSERT_EQ(p[0].codes, (std::vector<std::int32_t>{0, 1}));  // strongest, shorter first
  EXPECT_FALSE(drop[0]);
  EXPECT_EQ(p[1].codes, (std::vector<std::int32_t>{0, 1, 2}));
  EXPECT_TRUE(drop[1]);   // identical support, longer
  EXPECT_FALSE(drop[2]);  // "d": unrelated
  EXPECT_EQ(p[3].codes, (std::vector<std::int32_t>{1}));
  EXPECT_FALSE(drop[3]);  // 10 < 0.95 * 12: the cover does not explain it
}

}  // namespace
}  // namespace moce::experts::patterns
