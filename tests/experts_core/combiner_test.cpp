// The combiner's arithmetic (sec. 4.3) against scores worked out by hand.
#include <gtest/gtest.h>

#include "experts/mixture/combiner.hpp"

namespace moce::experts {
namespace {

Leads leads(std::vector<std::pair<std::string, double>> items) {
  Leads out;
  for (auto& [id, c] : items) out.leads.push_back({id, c, {}});
  return out;
}

TEST(Combiner, SumsNormalisedWeightedConfidences) {
  // Expert a: confidences 0.6 and 0.9 sum to 1.5 > 1, so both are scaled by 1/1.5: 0.4 and 0.6.
  // Expert b (weight 2): a lone 0.5 stays 0.5 (sum <= 1), contributing 2 * 0.5 = 1.0.
  // Expert c (weight 0.5): 0.2 on x, 0.3 on z (sum 0.5, unscaled): 0.1 and 0.15.
  // x = 0.4 + 1.0 + 0.1 = 1.5; y = 0.6; z = 0.15.
  const Leads a = leads({{"x", 0.6}, {"y", 0.9}});
  const Leads b = leads({{"x", 0.5}});
  const Leads c = leads({{"x", 0.2}, {"z", 0.3}});
  CombinerOptions options;
  options.weights = {{"b", 2.0}, {"c", 0.5}};
  auto combined = combine({{"a", &a}, {"b", &b}, {"c", &c}}, options);
  ASSERT_EQ(combined.size(), 3u);
  EXPECT_EQ(combined[0].id, "x");
  EXPECT_NEAR(combined[0].score, 1.5, 1e-12);
  EXPECT_EQ(combined[1].id, "y");
  EXPECT_NEAR(combined[1].score, 0.6, 1e-12);
  EXPECT_EQ(combined[2].id, "z");
  EXPECT_NEAR(combined[2].score, 0.15, 1e-12);
  ASSERT_EQ(combined[0].votes.size(), 3u);
  EXPECT_EQ(combined[0].votes[1].expert, "b");
  EXPECT_NEAR(combined[0].votes[1].contribution, 1.0, 1e-12);
  EXPECT_DOUBLE_EQ(combined[0].votes[0].confidence, 0.6);  // as the expert gave it
}

TEST(Combiner, RelativeFloorBoundsTheAnswerSetAndKeepsTheRankedList) {
  // Scores 0.5, 0.25, 0.1 (one expert, sum 0.85 <= 1, unscaled). relative_floor 0.5 cuts at 0.25:
  // q (exactly 0.25) is answered, r is not; 0.6 cuts at 0.3: p alone. All three stay ranked.
  const Leads a = leads({{"p", 0.5}, {"q", 0.25}, {"r", 0.1}});
  CombinerOptions options;
  options.relative_floor = 0.5;
  auto combined = combine({{"a", &a}}, options);
  ASSERT_EQ(combined.size(), 3u);
  EXPECT_EQ(combined[1].id, "q");
  EXPECT_TRUE(combined[1].answered);
  EXPECT_FALSE(combined[2].answered);
  EXPECT_EQ(answer_size(combined), 2u);
  options.relative_floor = 0.6;
  EXPECT_EQ(answer_size(combine({{"a", &a}}, options)), 1u);
  options.relative_floor = 0;
  EXPECT_EQ(answer_size(combine({{"a", &a}}, options)), 3u);  // off
}

TEST(Combiner, FloorDropsWeakLeadsAndKKeepsTheBest) {
  const Leads a = leads({{"p", 0.5}, {"q", 0.25}, {"r", 0.1}});
  CombinerOptions options;
  options.floor = 0.2;
  auto combined = combine({{"a", &a}}, options);
  ASSERT_EQ(combined.size(), 2u);  // r (0.1) is under the floor
  options.floor = 0;
  options.k = 1;
  combined = combine({{"a", &a}}, options);
  ASSERT_EQ(combined.size(), 1u);
  EXPECT_EQ(combined[0].id, "p");
}

TEST(Combiner, TiesBreakByIdAndZeroWeightSilencesAnExpert) {
  const Leads a = leads({{"m", 0.4}});
  const Leads b = leads({{"k", 0.4}});
  const Leads c = leads({{"zz", 1.0}});
  CombinerOptions options;
  options.weights = {{"c", 0.0}};
  auto combined = combine({{"a", &a}, {"b", &b}, {"c", &c}}, options);
  ASSERT_EQ(combined.size(), 2u);
  EXPECT_EQ(combined[0].id, "k");  // equal scores: by id
  EXPECT_EQ(combined[1].id, "m");
}

TEST(Combiner, CombinationRanksAboveItsParts) {
  // Expert a: d:x 0.8 and i:y 0.2 (sum 1, unscaled). Expert l: the pair 0.5. Expert b: i:y 0.6.
  // Summed: d:x 0.8, i:y 0.8, pair 0.5; refined: the pair adds its strongest part, 0.5 + 0.8 = 1.3.
  // The unrelated lead u:z&w:q has no part among the leads and keeps its 0.4.
  const Leads a = leads({{"d:x", 0.8}, {"i:y", 0.2}});
  const Leads l = leads({{"d:x&i:y", 0.5}, {"u:z&w:q", 0.4}});
  const Leads b = leads({{"i:y", 0.6}});
  CombinerOptions options;
  // l's confidences sum to 0.9 (unscaled).
  auto combined = combine({{"a", &a}, {"l", &l}, {"b", &b}}, options);
  ASSERT_EQ(combined.size(), 4u);
  EXPECT_EQ(combined[0].id, "d:x&i:y");
  EXPECT_NEAR(combined[0].score, 1.3, 1e-12);
  EXPECT_EQ(combined[1].id, "d:x");  // ties with i:y at 0.8: by id
  EXPECT_EQ(combined[2].id, "i:y");
  EXPECT_EQ(combined[3].id, "u:z&w:q");
  EXPECT_NEAR(combined[3].score, 0.4, 1e-12);
  options.refine_combinations = false;
  combined = combine({{"a", &a}, {"l", &l}, {"b", &b}}, options);
  EXPECT_EQ(combined[2].id, "d:x&i:y");
  EXPECT_NEAR(combined[2].score, 0.5, 1e-12);
}

TEST(Combiner, LoneVoteOfARedundantFamilyIsDiscounted) {
  // Family "url" has three experts (u1, u2, u3), so a lead only one of them names has two silent
  // peers; family "log" has one (g). lone_factor 0.25, floor 0.2.
  //   url:a  u1 0.8 + u2 0.6           = 1.4   (two votes: kept whole)
  //   url:b  u3 0.9 alone              = 0.9 * 0.25 = 0.225   (above the floor)
  //   url:c  u1 0.2 (u1 sums 1.0) alone = 0.2 * 0.25 = 0.05   (under the floor: dropped)
  //   log:t  g 0.7 alone, no peers     = 0.7
  const Leads u1 = leads({{"url:a", 0.8}, {"url:c", 0.2}});
  const Leads u2 = leads({{"url:a", 0.6}});
  const Leads u3 = leads({{"url:b", 0.9}});
  const Leads g = leads({{"log:t", 0.7}});
  CombinerOptions options;
  options.floor = 0.2;
  options.lone_factor = 0.25;
  options.lone_min_peers = 2;
  options.families = {{"u1", "url"}, {"u2", "url"}, {"u3", "url"}, {"g", "log"}};
  auto combined = combine({{"u1", &u1}, {"u2", &u2}, {"u3", &u3}, {"g", &g}}, options);
  ASSERT_EQ(combined.size(), 3u);
  EXPECT_EQ(combined[0].id, "url:a");
  EXPECT_NEAR(combined[0].score, 1.4, 1e-12);
  EXPECT_EQ(combined[1].id, "log:t");
  EXPECT_NEAR(combined[1].score, 0.7, 1e-12);
  EXPECT_EQ(combined[2].id, "url:b");
  EXPECT_NEAR(combined[2].score, 0.225, 1e-12);
  // Peers count only the experts combined: without u2 and u3, u1 has no peer and url:c stays 0.2.
  combined = combine({{"u1", &u1}, {"g", &g}}, options);
  ASSERT_EQ(combined.size(), 3u);
  EXPECT_EQ(combined[2].id, "url:c");
  EXPECT_NEAR(combined[2].score, 0.2, 1e-12);
  // A family's own factor overrides lone_factor: 0.9 * 0.5 = 0.45.
  options.lone_factors = {{"url", 0.5}};
  combined = combine({{"u1", &u1}, {"u2", &u2}, {"u3", &u3}, {"g", &g}}, options);
  ASSERT_EQ(combined.size(), 3u);
  EXPECT_EQ(combined[2].id, "url:b");
  EXPECT_NEAR(combined[2].score, 0.45, 1e-12);
  // lone_min_peers 3: two peers are not enough, url:b keeps 0.9.
  options.lone_factors.clear();
  options.lone_min_peers = 3;
  combined = combine({{"u1", &u1}, {"u2", &u2}, {"u3", &u3}, {"g", &g}}, options);
  ASSERT_GE(combined.size(), 2u);
  EXPECT_EQ(combined[1].id, "url:b");
  EXPECT_NEAR(combined[1].score, 0.9, 1e-12);
}

TEST(Combiner, NothingInNothingOut) {
  EXPECT_TRUE(combine({}, CombinerOptions{}).empty());
  const Leads empty;
  EXPECT_TRUE(combine({{"a", &empty}}, CombinerOptions{}).empty());
}

}  // namespace
}  // namespace moce::experts
