// Tests of the multiway decision-tree regressor: a table worked by hand, the minimum support
// pooling rare values, aggregated rows with their within-cohort variance, and a brute-force
// search over every attribute's multiway split (impurities recomputed from the raw rows) on
// seeded random tables.
#include "operators/stats/decision_tree.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <map>
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

// isp, device, value. Worked by hand: total SSE 199.5 around 14.75. The multiway split on isp
// gives {10,12,9} (SSE 14/3), {20,22,21} (SSE 2), {11,13} (SSE 2): gain 199.5 - 26/3 = 190.83;
// on device, {10,20,11,21,9} (SSE 134.8) and {12,22,13} (SSE 60.67): gain 4.03. Under each isp
// the device split is the only one: {10,9} | {12} gains 14/3 - 1/2, {20,21} | {22} gains 1.5,
// {11} | {13} gains 2.
Table hand_table() {
  return {{{0, 0, 1, 1, 2, 2, 1, 0}, {0, 1, 0, 1, 0, 1, 0, 0}}, {10, 12, 20, 22, 11, 13, 21, 9}};
}

TEST(DecisionTree, HandWorkedMultiwayTree) {
  const Table t = hand_table();
  const DecisionTree tree = DecisionTreeRegressor({.min_samples_leaf = 1}).fit(t.data());
  const TreeNode& root = tree.node(0);
  EXPECT_EQ(root.attribute, 0);
  EXPECT_EQ(root.values, (std::vector<std::int32_t>{0, 1, 2}));
  EXPECT_EQ(root.other, -1);
  EXPECT_DOUBLE_EQ(root.distribution.mean, 14.75);
  EXPECT_NEAR(root.distribution.variance, 199.5 / 8, 1e-12);
  ASSERT_EQ(root.children.size(), 3U);
  const double means[3] = {31.0 / 3, 21, 12};
  const double variances[3] = {14.0 / 9, 2.0 / 3, 1};
  for (int i = 0; i < 3; ++i) {
    const TreeNode& isp = tree.node(root.children[static_cast<std::size_t>(i)]);
    EXPECT_EQ(isp.parent, 0);
    EXPECT_NEAR(isp.distribution.mean, means[i], 1e-12);
    EXPECT_NEAR(isp.distribution.variance, variances[i], 1e-12);
    EXPECT_EQ(isp.attribute, 1) << i;
    EXPECT_EQ(isp.values, (std::vector<std::int32_t>{0, 1}));
  }
  // Leaf {isp 0, device 0} = {10, 9}; ten nodes: root, three isp, six (isp, device) cohorts.
  const TreeNode& isp0 = tree.node(root.children[0]);
  const TreeNode& leaf = tree.node(isp0.children[0]);
  EXPECT_NEAR(leaf.distribution.mean, 9.5, 1e-12);
  EXPECT_NEAR(leaf.distribution.variance, 0.25, 1e-12);
  EXPECT_DOUBLE_EQ(leaf.distribution.weight, 2);
  EXPECT_EQ(tree.nodes().size(), 10U);
  EXPECT_EQ(tree.leaves().size(), 6U);
  EXPECT_EQ(tree.leaf_of(t.data(), 7), isp0.children[0]);  // row 7: isp 0, device 0
}

TEST(DecisionTree, RareValuesPoolBelowMinimumSupport) {
  // With 3 samples per own child: at the root isp 2 (2 rows) pools alone into `other`; device 1
  // (3 rows) and device 0 (5) both stand. The isp split still wins (hand_table comment: the pool
  // {11, 13} has the same SSE 2 as the cohort). Below, no isp cohort of 3 rows has a device
  // value of 3 rows, so every split would be a pool alone: not a split.
  const Table t = hand_table();
  const DecisionTree tree = DecisionTreeRegressor({.min_samples_leaf = 3}).fit(t.data());
  const TreeNode& root = tree.node(0);
  EXPECT_EQ(root.attribute, 0);
  EXPECT_EQ(root.values, (std::vector<std::int32_t>{0, 1}));
  ASSERT_GT(root.other, 0);
  EXPECT_NEAR(tree.node(root.other).distribution.mean, 12, 1e-12);
  EXPECT_EQ(tree.nodes().size(), 4U);
  // Unseen codes (7) and missing codes go to the pool.
  TreeData probe{{std::vector<std::int32_t>{7, kMissingCode, 1}, std::vector<std::int32_t>{0, 0, 0}},
                 std::vector<double>{0, 0, 0}, {}, {}};
  EXPECT_EQ(tree.leaf_of(probe, 0), root.other);
  EXPECT_EQ(tree.leaf_of(probe, 1), root.other);
  EXPECT_EQ(tree.leaf_of(probe, 2), root.children[1]);
}

TEST(DecisionTree, UnseenValueWithoutPoolStopsAtTheSplitNode) {
  const DecisionTree tree = DecisionTreeRegressor({.max_depth = 1, .min_samples_leaf = 1}).fit(hand_table().data());
  ASSERT_EQ(tree.node(0).other, -1);
  TreeData probe{{std::vector<std::int32_t>{9}, std::vector<std::int32_t>{0}}, std::vector<double>{0}, {}, {}};
  EXPECT_EQ(tree.leaf_of(probe, 0), 0);
}

TEST(DecisionTree, DepthStopsSplitting) {
  const Table t = hand_table();
  EXPECT_EQ(DecisionTreeRegressor({.max_depth = 0}).fit(t.data()).nodes().size(), 1U);
  EXPECT_EQ(DecisionTreeRegressor({.max_depth = 1, .min_samples_leaf = 1}).fit(t.data()).nodes().size(), 4U);
}

// The hand table grouped by (isp, device) in a relation, as GroupBy would give it: count, mean
// and sample variance (NaN for one session). tree_data() must turn the variances into squared
// deviations, or the leaves would see only the between-cohort spread.
Relation grouped_hand_table() {
  auto dict = std::make_shared<Dictionary>();
  for (const char* v : {"a", "b", "c"}) dict->intern(v);
  Relation r;
  r.add("isp", Column::categorical({0, 0, 1, 1, 2, 2}, dict));
  r.add("device", Column::categorical({0, 1, 0, 1, 0, 1}, dict));
  r.add("mean", Column::real({9.5, 12, 20.5, 22, 11, 13}));
  r.add("count", Column::int64({2, 1, 2, 1, 1, 1}));
  r.add("var", Column::real({0.5, NAN, 0.5, NAN, NAN, NAN}));
  return r;
}

TEST(DecisionTree, AggregatedRowsWithTheirVarianceGiveTheRawTree) {
  const TreeData grouped = tree_data(grouped_hand_table(), {"isp", "device"}, "mean", "count", "var");
  EXPECT_EQ(grouped.squared_deviations.span().size(), 6U);
  EXPECT_DOUBLE_EQ(grouped.squared_deviations[0], 0.5);  // (2 - 1) * 0.5
  EXPECT_DOUBLE_EQ(grouped.squared_deviations[1], 0);    // NaN: a cohort of one
  const DecisionTreeRegressor regressor({.min_samples_leaf = 1});
  const DecisionTree from_groups = regressor.fit(grouped);
  const DecisionTree raw = regressor.fit(hand_table().data());
  ASSERT_EQ(from_groups.nodes().size(), raw.nodes().size());
  for (std::size_t i = 0; i < raw.nodes().size(); ++i) {
    EXPECT_EQ(from_groups.nodes()[i].attribute, raw.nodes()[i].attribute);
    EXPECT_EQ(from_groups.nodes()[i].values, raw.nodes()[i].values);
    EXPECT_NEAR(from_groups.nodes()[i].distribution.mean, raw.nodes()[i].distribution.mean, 1e-12);
    EXPECT_NEAR(from_groups.nodes()[i].distribution.variance, raw.nodes()[i].distribution.variance, 1e-12);
  }
  // Without the variance column the (isp 0, device 0) leaf would have variance 0, not 0.25.
  const TreeData means_only = tree_data(grouped_hand_table(), {"isp", "device"}, "mean", "count");
  const DecisionTree flat = regressor.fit(means_only);
  EXPECT_NEAR(flat.node(flat.node(flat.node(0).children[0]).children[0]).distribution.variance, 0, 1e-12);
}

TEST(DecisionTree, TreeDataOutlivesItsRelation) {
  TreeData data;
  {
    const Relation rows = grouped_hand_table();
    data = tree_data(rows, {"isp", "device"}, "mean", "count", "var");
  }  // the relation (and every other handle on its columns) is gone; data holds the buffers
  EXPECT_DOUBLE_EQ(data.values[2], 20.5);
  EXPECT_EQ(data.attributes[1][1], 1);
  EXPECT_DOUBLE_EQ(data.weight(0), 2);
}

// Brute force: impurity of a row set from scratch, every attribute's multiway split tried.
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
  std::vector<std::int32_t> values;
  std::vector<BruteNode> children;  // per value, then the pool if any
  double mean = 0;
};

BruteNode brute_tree(LeafFamily family, const Table& t, const std::vector<std::size_t>& rows, int depth, int max_depth,
                     double min_leaf) {
  BruteNode node;
  for (std::size_t r : rows) node.mean += t.values[r] / static_cast<double>(rows.size());
  if (depth == max_depth) return node;
  const double parent = impurity(family, t, rows);
  double best = 1e-9 * std::max(parent, 1.0);
  for (std::size_t a = 0; a < t.attributes.size(); ++a) {
    std::map<std::int32_t, std::vector<std::size_t>> by_value;
    for (std::size_t r : rows) by_value[t.attributes[a][r]].push_back(r);
    std::vector<std::int32_t> values;
    std::vector<std::vector<std::size_t>> parts;
    std::vector<std::size_t> pool;
    for (const auto& [v, members] : by_value) {
      if (static_cast<double>(members.size()) >= min_leaf) {
        values.push_back(v);
        parts.push_back(members);
      } else {
        pool.insert(pool.end(), members.begin(), members.end());
      }
    }
    if (!pool.empty()) parts.push_back(pool);
    if (parts.size() < 2) continue;
    double gain = parent;
    for (const auto& part : parts) gain -= impurity(family, t, part);
    if (gain > best + 1e-9) {
      best = gain;
      node.attribute = static_cast<int>(a);
      node.values = values;
      node.children.clear();
      for (const auto& part : parts) node.children.push_back(brute_tree(family, t, part, depth + 1, max_depth, min_leaf));
    }
  }
  return node;
}

void expect_same(const DecisionTree& tree, int id, const BruteNode& want) {
  const TreeNode& got = tree.node(id);
  EXPECT_NEAR(got.distribution.mean, want.mean, 1e-9);
  ASSERT_EQ(got.attribute, want.attribute);
  if (want.attribute < 0) return;
  ASSERT_EQ(got.values, want.values);
  for (std::size_t i = 0; i < got.children.size(); ++i) expect_same(tree, got.children[i], want.children[i]);
  ASSERT_EQ(got.other >= 0, want.children.size() > want.values.size());
  if (got.other >= 0) expect_same(tree, got.other, want.children.back());
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
    for (int r = 0; r < 80; ++r) {
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
      for (double min_leaf : {1.0, 6.0}) {
        const DecisionTree tree =
            DecisionTreeRegressor({.family = family, .max_depth = depth, .min_samples_leaf = min_leaf}).fit(t.data());
        expect_same(tree, 0, brute_tree(family, t, all, 0, depth, min_leaf));
      }
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Seeds, DecisionTreeBruteForce, ::testing::Values(1, 2, 3, 4, 5));

TEST(DecisionTree, BinomialUsesDeviance) {
  // Failures: cohort a==1 fails 3 of 4, a==0 fails 1 of 4; b splits 2/4 vs 2/4 (no gain).
  Table t{{{1, 1, 1, 1, 0, 0, 0, 0}, {0, 1, 0, 1, 0, 1, 0, 1}}, {1, 1, 1, 0, 1, 0, 0, 0}};
  const DecisionTree tree =
      DecisionTreeRegressor({.family = LeafFamily::kBinomial, .max_depth = 1, .min_samples_leaf = 1}).fit(t.data());
  EXPECT_EQ(tree.node(0).attribute, 0);
  EXPECT_DOUBLE_EQ(tree.node(tree.node(0).children[0]).distribution.mean, 0.25);
  EXPECT_DOUBLE_EQ(tree.node(tree.node(0).children[0]).distribution.variance, 0.75 * 0.25);
  EXPECT_DOUBLE_EQ(tree.node(tree.node(0).children[1]).distribution.mean, 0.75);
  // Depth 2: inside a==0 ({1,0,0,0} by b = 0,1,0,1) b==0 holds the one failure; deviance
  // 2*4*H(1/4) = 4.4987 drops to 2*2*H(1/2) = 2.7726, a gain, so the node splits on b.
  const DecisionTree deeper =
      DecisionTreeRegressor({.family = LeafFamily::kBinomial, .min_samples_leaf = 1}).fit(t.data());
  EXPECT_EQ(deeper.node(deeper.node(0).children[0]).attribute, 1);
}

TEST(DecisionTree, MissingCodesGoToThePool) {
  Table t{{{kMissingCode, kMissingCode, 0, 0}}, {5, 5, 1, 1}};
  const DecisionTree tree = DecisionTreeRegressor({.min_samples_leaf = 1}).fit(t.data());
  EXPECT_EQ(tree.node(0).attribute, 0);
  EXPECT_EQ(tree.node(0).values, (std::vector<std::int32_t>{0}));
  ASSERT_GT(tree.node(0).other, 0);
  EXPECT_DOUBLE_EQ(tree.node(tree.node(0).other).distribution.mean, 5);
}

TEST(DecisionTree, RejectsBadParameters) {
  EXPECT_THROW(DecisionTreeRegressor({.max_depth = -1}), ConfigError);
  EXPECT_THROW(DecisionTreeRegressor({.min_samples_leaf = -2}), ConfigError);
}

}  // namespace
}  // namespace moce
