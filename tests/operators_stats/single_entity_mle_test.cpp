// Tests of the single-entity MLE (appendix A.2) on small examples worked by hand and checked
// with scipy.stats.
#include "operators/stats/single_entity_mle.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>
#include <vector>

#include "runtime/error.hpp"

namespace moce {
namespace {

TreeNode leaf(int parent, NodeDistribution d) {
  TreeNode n;
  n.parent = parent;
  n.depth = parent < 0 ? 0 : 1;
  n.distribution = d;
  return n;
}

// A depth-1 tree built by hand: the root splits `attribute` into `value` (node 1) and the pool
// of every other value (node 2), i.e. the one-vs-rest tree these likelihoods were worked on.
DecisionTree two_leaf_tree(LeafFamily family, int attribute, std::int32_t value, NodeDistribution match,
                           NodeDistribution rest) {
  std::vector<TreeNode> nodes = {leaf(-1, {}), leaf(0, match), leaf(0, rest)};
  nodes[0].attribute = attribute;
  nodes[0].values = {value};
  nodes[0].children = {1};
  nodes[0].other = 2;
  return DecisionTree(family, nodes, 2);
}

// The hand-worked likelihoods below use leaves of 3 and 7 samples: keep every leaf.
const SingleEntityMle::Params kEveryLeaf{.min_support = 1};

TEST(SingleEntityMle, NormalMatchesHandWorkedLikelihoods) {
  // Leaves: isp==1 -> N(20, 2^2), else N(10, 1^2). Reduced D (isp, device, v_l, w_l):
  //   (1,0,26,2) (0,0,10.5,3) (2,1,13,1) (0,1,9,2).
  // Biased means 26 and 13 change w ln N by w (z^2 - z'^2)/2 per row: +9, -9, +4.5, -15, so the
  // ratios are isp=1: 9, isp=2: 4.5, device=0: 0, device=1: -10.5, isp=0: -24.
  // Log-likelihoods: sum w * scipy.stats.norm.logpdf(v, mu (+3 sd if in C), sd), scipy 1.10.1.
  const DecisionTree tree = two_leaf_tree(LeafFamily::kNormal, 0, 1, {3, 20, 4}, {7, 10, 1});
  const std::vector<std::int32_t> isp = {1, 0, 2, 0};
  const std::vector<std::int32_t> device = {0, 0, 1, 1};
  const std::vector<double> v = {26, 10.5, 13, 9};
  const std::vector<double> w = {2, 3, 1, 2};
  const TreeData d{{isp, device}, v, w, {}};
  const SingleEntityMle mle(kEveryLeaf);
  EXPECT_NEAR(mle.null_log_likelihood(tree, d), -23.61280262675727, 1e-12);
  const auto ranked = mle.run(tree, d);
  ASSERT_EQ(ranked.size(), 5U);
  struct Want {
    int attribute;
    std::int32_t value;
    double ll, ratio, weight;
  };
  const std::vector<Want> want = {{0, 1, -14.612802626757272, 9, 2},
                                  {0, 2, -19.112802626757272, 4.5, 1},
                                  {1, 0, -23.61280262675727, 0, 5},
                                  {1, 1, -34.11280262675727, -10.5, 3},
                                  {0, 0, -47.61280262675727, -24, 5}};
  for (std::size_t i = 0; i < want.size(); ++i) {
    EXPECT_EQ(ranked[i].attribute, want[i].attribute) << i;
    EXPECT_EQ(ranked[i].value, want[i].value) << i;
    EXPECT_NEAR(ranked[i].log_likelihood, want[i].ll, 1e-12) << i;
    EXPECT_NEAR(ranked[i].log_likelihood_ratio, want[i].ratio, 1e-12) << i;
    EXPECT_DOUBLE_EQ(ranked[i].weight, want[i].weight) << i;
  }
}

TEST(SingleEntityMle, DecreaseDirectionMirrorsTheShift) {
  // Mirror the values around the leaf means: the decrease hypothesis must rank as before.
  const DecisionTree tree = two_leaf_tree(LeafFamily::kNormal, 0, 1, {3, 20, 4}, {7, 10, 1});
  const std::vector<std::int32_t> isp = {1, 0, 2, 0};
  const std::vector<std::int32_t> device = {0, 0, 1, 1};
  const std::vector<double> v = {14, 9.5, 7, 11};
  const std::vector<double> w = {2, 3, 1, 2};
  const auto ranked = SingleEntityMle({.direction = SingleEntityMle::Direction::kDecrease, .min_support = 1})
                          .run(tree, TreeData{{isp, device}, v, w, {}});
  EXPECT_EQ(ranked[0].attribute, 0);
  EXPECT_EQ(ranked[0].value, 1);
  EXPECT_NEAR(ranked[0].log_likelihood_ratio, 9, 1e-12);
  EXPECT_NEAR(ranked[4].log_likelihood_ratio, -24, 1e-12);
}

TEST(SingleEntityMle, BinomialMatchesHandWorkedLikelihoods) {
  // Leaves: device==1 -> p = 0.2, else p = 0.05; biased p' = (p + 1)/2 = 0.6 and 0.525.
  // Reduced D (isp, device, failure share v_l, trials w_l): (0,1,.6,10) (1,1,.2,5) (0,0,.05,20)
  // (1,0,.5,4). Log-likelihoods: sum scipy.stats.binom.logpmf(v w, w, p) - ln C(w, v w)
  // (= w [v ln p + (1-v) ln(1-p)]), scipy 1.10.1.
  const DecisionTree tree = two_leaf_tree(LeafFamily::kBinomial, 1, 1, {15, 0.2, 0.16}, {24, 0.05, 0.0475});
  const std::vector<std::int32_t> isp = {0, 1, 0, 1};
  const std::vector<std::int32_t> device = {1, 1, 0, 0};
  const std::vector<double> v = {0.6, 0.2, 0.05, 0.5};
  const std::vector<double> w = {10, 5, 20, 4};
  const TreeData d{{isp, device}, v, w, {}};
  const SingleEntityMle mle(kEveryLeaf);
  const double null_ll = -23.115569800352915;
  EXPECT_NEAR(mle.null_log_likelihood(tree, d), null_ll, 1e-12);
  const auto ranked = mle.run(tree, d);
  ASSERT_EQ(ranked.size(), 4U);
  const std::vector<std::pair<int, std::int32_t>> order = {{1, 1}, {0, 1}, {0, 0}, {1, 0}};
  const std::vector<double> ll = {-20.970461224155706, -21.47309008071752, -30.114905964059524, -30.617534820621334};
  for (std::size_t i = 0; i < order.size(); ++i) {
    EXPECT_EQ(ranked[i].attribute, order[i].first) << i;
    EXPECT_EQ(ranked[i].value, order[i].second) << i;
    EXPECT_NEAR(ranked[i].log_likelihood, ll[i], 1e-12) << i;
    EXPECT_NEAR(ranked[i].log_likelihood_ratio, ll[i] - null_ll, 1e-12) << i;
  }
}

TEST(SingleEntityMle, FindsTheInjectedEntityOnAFittedTree) {
  // History: latency ~ 100 everywhere except device 2 (150); anomaly: isp 3 jumps to +3 sigma.
  std::vector<std::int32_t> isp, device;
  std::vector<double> value;
  for (int i = 0; i < 5; ++i)
    for (int j = 0; j < 4; ++j)
      for (int k = 0; k < 6; ++k) {
        isp.push_back(i);
        device.push_back(j);
        value.push_back((j == 2 ? 150.0 : 100.0) + (k % 3 - 1) * 5.0);
      }
  const DecisionTree tree = DecisionTreeRegressor({}).fit(TreeData{{isp, device}, value, {}, {}});
  std::vector<std::int32_t> aisp, adev;
  std::vector<double> av, aw;
  for (int i = 0; i < 5; ++i)
    for (int j = 0; j < 4; ++j) {
      aisp.push_back(i);
      adev.push_back(j);
      av.push_back((j == 2 ? 150.0 : 100.0) + (i == 3 ? 12.0 : 0.0));
      aw.push_back(10);
    }
  const auto ranked = SingleEntityMle({}).run(tree, TreeData{{aisp, adev}, av, aw, {}});
  ASSERT_FALSE(ranked.empty());
  EXPECT_EQ(ranked[0].attribute, 0);
  EXPECT_EQ(ranked[0].value, 3);
  EXPECT_GT(ranked[0].log_likelihood_ratio, 0);
}

// Root N(10, 2^2) of 100 samples splits isp: 0 -> N(10, 1) (50), 1 -> N(20, 2^2) (40), and the
// pool of rare values -> N(0, 0) of 2 samples, too few to describe anything.
DecisionTree three_way_tree() {
  std::vector<TreeNode> nodes = {leaf(-1, {100, 10, 4}), leaf(0, {50, 10, 1}), leaf(0, {40, 20, 4}), leaf(0, {2, 0, 0})};
  nodes[0].attribute = 0;
  nodes[0].values = {0, 1};
  nodes[0].children = {1, 2};
  nodes[0].other = 3;
  return DecisionTree(LeafFamily::kNormal, nodes, 2);
}

TEST(SingleEntityMle, SmallLeavesFallBackToTheirParent) {
  // D (isp, device, v, w): (0,0,13,2) (1,0,20,1) (2,1,10,1). Row 3's isp 2 goes to the pool,
  // which weighs 2 < min_support 5, so the root N(10, 2^2) scores it. A row at mean mu, sd s,
  // gains w (3 (v - mu)/s - 4.5) from the +3 sd shift: 2 (9 - 4.5) = 9, -4.5, -4.5. Ratios:
  // isp 0: 9, device 0: 9 - 4.5 = 4.5, then isp 1, isp 2, device 1: -4.5 (ties by attribute,
  // code). ln P[D|null] = 2 (-4.5 - c) + 2 (-ln 2 - c), c = ln(2 pi)/2. With the pool's own
  // N(0, 0) (sigma floored at 1e-9) row 3 alone would give about -5e19.
  const TreeData d{{std::vector<std::int32_t>{0, 1, 2}, std::vector<std::int32_t>{0, 0, 1}},
                   std::vector<double>{13, 20, 10}, std::vector<double>{2, 1, 1}, {}};
  const DecisionTree tree = three_way_tree();
  const SingleEntityMle mle({});
  EXPECT_EQ(mle.scoring_node(tree, 3), 0);
  EXPECT_EQ(mle.scoring_node(tree, 1), 1);
  const double c = 0.5 * std::log(2 * std::numbers::pi);
  const double null_ll = 2 * (-4.5 - c) + 2 * (-std::log(2.0) - c);
  EXPECT_NEAR(mle.null_log_likelihood(tree, d), null_ll, 1e-12);
  const auto ranked = mle.run(tree, d);
  ASSERT_EQ(ranked.size(), 5U);
  const std::vector<std::pair<int, std::int32_t>> order = {{0, 0}, {1, 0}, {0, 1}, {0, 2}, {1, 1}};
  const std::vector<double> ratio = {9, 4.5, -4.5, -4.5, -4.5};
  for (std::size_t i = 0; i < order.size(); ++i) {
    EXPECT_EQ(ranked[i].attribute, order[i].first) << i;
    EXPECT_EQ(ranked[i].value, order[i].second) << i;
    EXPECT_NEAR(ranked[i].log_likelihood_ratio, ratio[i], 1e-12) << i;
    EXPECT_NEAR(ranked[i].log_likelihood, null_ll + ratio[i], 1e-12) << i;
  }
}

TEST(SingleEntityMle, ZeroVarianceLeafFallsBackToItsParent) {
  // Node 1 holds 50 identical samples (sigma 0): scoring with sigma 1e-9 would turn any
  // deviation into a ratio of order 1e9. Its parent N(10, 2^2) scores row (0, 0, 12, 1):
  // 3 (12 - 10)/2 - 4.5 = -1.5.
  std::vector<TreeNode> nodes = {leaf(-1, {100, 10, 4}), leaf(0, {50, 10, 0})};
  nodes[0].attribute = 0;
  nodes[0].values = {0};
  nodes[0].children = {1};
  const DecisionTree tree(LeafFamily::kNormal, nodes, 1);
  const TreeData d{{std::vector<std::int32_t>{0}}, std::vector<double>{12}, {}, {}};
  const auto ranked = SingleEntityMle({}).run(tree, d);
  ASSERT_EQ(ranked.size(), 1U);
  EXPECT_NEAR(ranked[0].log_likelihood_ratio, -1.5, 1e-12);
}

TEST(SingleEntityMle, SquaredDeviationsEnterTheLikelihoodNotTheRatio) {
  // Row (0, 0, mean 10, 4 samples, squared deviations 8) in leaf N(10, 1): the 4 samples'
  // sum of ln N(x_i; 10, 1) = 4 (-c) - 8/2 = -4 - 4c; the ratio is 4 (0 - 4.5) = -18 either way.
  const DecisionTree tree = three_way_tree();
  const TreeData d{{std::vector<std::int32_t>{0}, std::vector<std::int32_t>{0}}, std::vector<double>{10},
                   std::vector<double>{4}, std::vector<double>{8}};
  const double c = 0.5 * std::log(2 * std::numbers::pi);
  const SingleEntityMle mle({});
  EXPECT_NEAR(mle.null_log_likelihood(tree, d), -4 - 4 * c, 1e-12);
  EXPECT_NEAR(mle.run(tree, d)[0].log_likelihood_ratio, -18, 1e-12);
}

TEST(SingleEntityMle, RejectsDataWithOtherAttributes) {
  const TreeData one_attribute{{std::vector<std::int32_t>{0}}, std::vector<double>{10}, {}, {}};
  EXPECT_THROW(SingleEntityMle({}).run(three_way_tree(), one_attribute), Error);
  EXPECT_THROW(SingleEntityMle({}).null_log_likelihood(three_way_tree(), one_attribute), Error);
}

TEST(SingleEntityMle, RejectsBadParameters) {
  EXPECT_THROW(SingleEntityMle({.min_support = -1}), ConfigError);
  EXPECT_THROW(SingleEntityMle({.sigma_shift = -1}), ConfigError);
  EXPECT_THROW(SingleEntityMle({.min_sigma = 0}), ConfigError);
  EXPECT_THROW(SingleEntityMle({.probability_floor = 0.7}), ConfigError);
}

}  // namespace
}  // namespace moce
