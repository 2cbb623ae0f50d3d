// Tests of the single-entity MLE (appendix A.2) on small examples worked by hand and checked
// with scipy.stats.
#include "operators/stats/single_entity_mle.hpp"

#include <gtest/gtest.h>

#include <vector>

#include "runtime/error.hpp"

namespace moce {
namespace {

// A depth-1 tree built by hand: root split on attribute 0 (isp) == 1.
DecisionTree two_leaf_tree(LeafFamily family, int attribute, std::int32_t value, NodeDistribution match,
                           NodeDistribution rest) {
  std::vector<TreeNode> nodes(3);
  nodes[0] = {attribute, value, 1, 2, 0, {}};
  nodes[1] = {-1, 0, -1, -1, 1, match};
  nodes[2] = {-1, 0, -1, -1, 1, rest};
  return DecisionTree(family, nodes);
}

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
  const SingleEntityMle mle({});
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
  const auto ranked = SingleEntityMle({.direction = SingleEntityMle::Direction::kDecrease})
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
  const SingleEntityMle mle({});
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

TEST(SingleEntityMle, RejectsBadParameters) {
  EXPECT_THROW(SingleEntityMle({.sigma_shift = -1}), ConfigError);
  EXPECT_THROW(SingleEntityMle({.min_sigma = 0}), ConfigError);
  EXPECT_THROW(SingleEntityMle({.probability_floor = 0.7}), ConfigError);
}

}  // namespace
}  // namespace moce
