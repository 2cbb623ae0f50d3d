// Tests of the decision-tree regressor: a table worked by hand, and a brute-force search over
// every one-vs-rest split (impurities recomputed from the raw rows) on seeded random tables.
#include "operators/stats/decision_tree.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <random>
#include <vector>

#include "runtime/error.hpp"

namespace moce {
namespace {

struct Table {
  std::vector<std::vector<std::int32_t>> attributes;
  std::vector<double> values;
  TreeData data() const {
    TreeData d;
    for (const auto& a : attributes) d.attributes.emplace_back(a);
    d.values = values;
    return d;
  }
};

// isp, device, value. Worked by hand: total SSE 199.5 around 14.75. isp==1 ({20,22,21}, SSE 2,
// rest {10,12,11,13,9}, SSE 10) gains 187.5, the best root split. Under isp==1 the splits
// device==0 and device==1 tie (gain 1.5) and the lower code wins; under isp!=1 device==0
// ({10,11,9} SSE 2, {12,13} SSE 0.5) gains 7.5 against 3.33 for isp==0 or isp==2.
Table hand_table() {
  return {{{0, 0, 1, 1, 2, 2, 1, 0}, {0, 1, 0, 1, 0, 1, 0, 0}}, {10, 12, 20, 22, 11, 13, 21, 9}};
}

TEST(DecisionTree, HandWorkedNormalTree) {
  const Table t = hand_table();
  const DecisionTree tree = DecisionTreeRegressor({}).fit(t.data());
  const auto& root = tree.node(0);
  EXPECT_EQ(root.attribute, 0);
  EXPECT_EQ(root.value, 1);
  EXPECT_DOUBLE_EQ(root.distribution.mean, 14.75);
  EXPECT_NEAR(root.distribution.variance, 199.5 / 8, 1e-12);
  const auto& isp1 = tree.node(root.match);
  const auto& other = tree.node(root.rest);
  EXPECT_EQ(isp1.attribute, 1);
  EXPECT_EQ(isp1.value, 0);
  EXPECT_EQ(other.attribute, 1);
  EXPECT_EQ(other.value, 0);
  const auto& a = tree.node(isp1.match).distribution;  // {20, 21}
  const auto& b = tree.node(isp1.rest).distribution;   // {22}
  const auto& c = tree.node(other.match).distribution; // {10, 11, 9}
  const auto& d = tree.node(other.rest).distribution;  // {12, 13}
  EXPECT_NEAR(a.mean, 20.5, 1e-12);
  EXPECT_NEAR(a.variance, 0.25, 1e-12);
  EXPECT_NEAR(b.mean, 22, 1e-12);
  EXPECT_NEAR(b.variance, 0, 1e-12);
  EXPECT_NEAR(c.mean, 10, 1e-12);
  EXPECT_NEAR(c.variance, 2.0 / 3.0, 1e-12);
  EXPECT_NEAR(d.mean, 12.5, 1e-12);
  EXPECT_DOUBLE_EQ(d.weight, 2);
  EXPECT_EQ(tree.leaves().size(), 4U);
  EXPECT_EQ(tree.leaf_of(t.data(), 6), isp1.match);
  EXPECT_EQ(tree.leaf_of(t.data(), 5), other.rest);
}

TEST(DecisionTree, DepthAndMinSamplesLeafStopSplitting) {
  const Table t = hand_table();
  EXPECT_EQ(DecisionTreeRegressor({.max_depth = 0}).fit(t.data()).nodes().size(), 1U);
  EXPECT_EQ(DecisionTreeRegressor({.max_depth = 1}).fit(t.data()).nodes().size(), 3U);
  // With 3 rows per leaf at least, the isp==1 child (3 rows) cannot split; the other (5) cannot
  // either (every split leaves a side of 2 or fewer).
  const DecisionTree tree = DecisionTreeRegressor({.min_samples_leaf = 3}).fit(t.data());
  EXPECT_EQ(tree.nodes().size(), 3U);
  EXPECT_EQ(tree.node(0).attribute, 0);
}

TEST(DecisionTree, AggregatedRowsGiveTheSameTree) {
  // The hand table grouped by (isp, device): weight = count, value = mean, squared deviations.
  const std::vector<std::int32_t> isp = {0, 0, 1, 1, 2, 2};
  const std::vector<std::int32_t> device = {0, 1, 0, 1, 0, 1};
  const std::vector<double> mean = {9.5, 12, 20.5, 22, 11, 13};
  const std::vector<double> count = {2, 1, 2, 1, 1, 1};
  const std::vector<double> sq = {0.5, 0, 0.5, 0, 0, 0};
  TreeData data{{isp, device}, mean, count, sq};
  const DecisionTree grouped = DecisionTreeRegressor({}).fit(data);
  const DecisionTree raw = DecisionTreeRegressor({}).fit(hand_table().data());
  ASSERT_EQ(grouped.nodes().size(), raw.nodes().size());
  for (std::size_t i = 0; i < raw.nodes().size(); ++i) {
    EXPECT_EQ(grouped.nodes()[i].attribute, raw.nodes()[i].attribute);
    EXPECT_EQ(grouped.nodes()[i].value, raw.nodes()[i].value);
    EXPECT_NEAR(grouped.nodes()[i].distribution.mean, raw.nodes()[i].distribution.mean, 1e-12);
    EXPECT_NEAR(grouped.nodes()[i].distribution.variance, raw.nodes()[i].distribution.variance, 1e-12);
  }
}

// Brute force: impurity of a row set from scratch, every (attribute, value) split tried.
double impurity(LeafFamily family, const Table& t, const std::vector<std::size_t>& rows) {
  if (rows.empty()) return 0;
  double mean = 0;
  for (std::size_t r : rows) mean += t.values[r];
  mean /= static_cast<double>(rows.size());
  double out = 0;
  for (std::size_t r : rows) {
    const double y = t.values[r];
    if (family == LeafFamily::kNormal) {
      out += (y - mean) * (y - mean);
    } else {
      if (y > 0) out -= 2 * y * std::log(mean);
      if (y < 1) out -= 2 * (1 - y) * std::log(1 - mean);
    }
  }
  return out;
}

struct BruteNode {
  int attribute = -1;
  std::int32_t value = 0;
  std::vector<BruteNode> children;  // match, rest
  double mean = 0;
};

BruteNode brute_tree(LeafFamily family, const Table& t, const std::vector<std::size_t>& rows, int depth, int max_depth) {
  BruteNode node;
  for (std::size_t r : rows) node.mean += t.values[r] / static_cast<double>(rows.size());
  if (depth == max_depth) return node;
  const double parent = impurity(family, t, rows);
  double best = 1e-9 * std::max(parent, 1.0);
  for (std::size_t a = 0; a < t.attributes.size(); ++a) {
    for (std::int32_t v = 0; v < 10; ++v) {
      std::vector<std::size_t> match, rest;
      for (std::size_t r : rows) (t.attributes[a][r] == v ? match : rest).push_back(r);
      if (match.empty() || rest.empty()) continue;
      const double gain = parent - impurity(family, t, match) - impurity(family, t, rest);
      if (gain > best + 1e-9) {
        best = gain;
        node.attribute = static_cast<int>(a);
        node.value = v;
        node.children = {brute_tree(family, t, match, depth + 1, max_depth),
                         brute_tree(family, t, rest, depth + 1, max_depth)};
      }
    }
  }
  return node;
}

void expect_same(const DecisionTree& tree, int id, const BruteNode& want) {
  const TreeNode& got = tree.node(id);
  EXPECT_NEAR(got.distribution.mean, want.mean, 1e-9);
  ASSERT_EQ(got.attribute, want.attribute);
  if (want.attribute < 0) return;
  EXPECT_EQ(got.value, want.value);
  expect_same(tree, got.match, want.children[0]);
  expect_same(tree, got.rest, want.children[1]);
}

class DecisionTreeBruteForce : public ::testing::TestWithParam<int> {};

TEST_P(DecisionTreeBruteForce, MatchesExhaustiveSplitSearch) {
  std::mt19937_64 rng(static_cast<std::uint64_t>(GetParam()));
  for (LeafFamily family : {LeafFamily::kNormal, LeafFamily::kBinomial}) {
    Table t;
    t.attributes.assign(3, {});
    std::uniform_int_distribution<std::int32_t> code(0, 4);
    std::normal_distribution<double> noise(0, 1);
    std::uniform_real_distribution<double> unit(0, 1);
    for (int r = 0; r < 60; ++r) {
      for (auto& a : t.attributes) a.push_back(code(rng));
      // Effects on a few cohorts make the best splits well separated from the runners-up.
      const double effect = (t.attributes[0].back() == 2 ? 3.0 : 0.0) + (t.attributes[2].back() == 1 ? 1.5 : 0.0);
      if (family == LeafFamily::kNormal) {
        t.values.push_back(effect + noise(rng));
      } else {
        t.values.push_back(unit(rng) < 0.1 + 0.15 * effect ? 1.0 : 0.0);
      }
    }
    std::vector<std::size_t> all(t.values.size());
    for (std::size_t r = 0; r < all.size(); ++r) all[r] = r;
    for (int depth : {1, 2, 3}) {
      const DecisionTree tree = DecisionTreeRegressor({.family = family, .max_depth = depth}).fit(t.data());
      expect_same(tree, 0, brute_tree(family, t, all, 0, depth));
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Seeds, DecisionTreeBruteForce, ::testing::Values(1, 2, 3, 4, 5));

TEST(DecisionTree, BinomialUsesDeviance) {
  // Failures: cohort a==1 fails 3 of 4, a==0 fails 1 of 4; b splits 2/4 vs 2/4 (no gain).
  // a==0 and a==1 are the same partition (a tie): the lower code, 0, is the split.
  Table t{{{1, 1, 1, 1, 0, 0, 0, 0}, {0, 1, 0, 1, 0, 1, 0, 1}}, {1, 1, 1, 0, 1, 0, 0, 0}};
  const DecisionTree tree = DecisionTreeRegressor({.family = LeafFamily::kBinomial, .max_depth = 1}).fit(t.data());
  EXPECT_EQ(tree.node(0).attribute, 0);
  EXPECT_EQ(tree.node(0).value, 0);
  EXPECT_DOUBLE_EQ(tree.node(tree.node(0).match).distribution.mean, 0.25);
  EXPECT_DOUBLE_EQ(tree.node(tree.node(0).match).distribution.variance, 0.75 * 0.25);
  EXPECT_DOUBLE_EQ(tree.node(tree.node(0).rest).distribution.mean, 0.75);
  // Depth 2: inside a==0 ({1,0,0,0} by b = 0,1,0,1) b==0 holds the one failure; deviance
  // 2*4*H(1/4) = 4.4987 drops to 2*2*H(1/2) = 2.7726, a gain, so the node splits on b.
  const DecisionTree deeper = DecisionTreeRegressor({.family = LeafFamily::kBinomial}).fit(t.data());
  EXPECT_EQ(deeper.node(deeper.node(0).match).attribute, 1);
}

TEST(DecisionTree, MissingCodesNeverMatch) {
  Table t{{{kMissingCode, kMissingCode, 0, 0}}, {5, 5, 1, 1}};
  const DecisionTree tree = DecisionTreeRegressor({}).fit(t.data());
  EXPECT_EQ(tree.node(0).attribute, 0);
  EXPECT_EQ(tree.node(0).value, 0);
  EXPECT_DOUBLE_EQ(tree.node(tree.node(0).rest).distribution.mean, 5);
}

TEST(DecisionTree, RejectsBadParameters) {
  EXPECT_THROW(DecisionTreeRegressor({.max_depth = -1}), ConfigError);
  EXPECT_THROW(DecisionTreeRegressor({.min_samples_leaf = -2}), ConfigError);
}

}  // namespace
}  // namespace moce
