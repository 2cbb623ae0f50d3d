// Decision-tree regressor over categorical cohort attributes (appendix A.2, Figure 13): each
// node is a cohort with a fitted Normal or Binomial distribution of the metric; nodes split
// one-vs-rest on attribute == value, up to a maximum depth (2 in the paper).
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "operators/data/relation.hpp"

namespace moce {

// The distribution family of a node: Normal for continuous metrics (durations), Binomial for
// failure metrics (values are failure indicators, or failure rates with weight = trials).
enum class LeafFamily { kNormal, kBinomial };

// Rows to fit or to score. Each row is a session (weight 1) or an aggregated cohort (weight =
// its sample count, value = its mean). Codes are >= 0, or kMissingCode (never matches a split).
struct TreeData {
  std::vector<std::span<const std::int32_t>> attributes;  // one code column per attribute
  std::span<const double> values;
  std::span<const double> weights;             // empty: every row weighs 1
  std::span<const double> squared_deviations;  // optional (Normal): per-row sum of squared
                                               // deviations around `values`, for aggregated rows
  std::size_t num_rows() const { return values.size(); }
  double weight(std::size_t row) const { return weights.empty() ? 1.0 : weights[row]; }
};

// A zero-copy view of a relation's categorical `attributes`, real `value` column and optional
// real `weight` column ("" for none). Throws Error (from Relation) if a column is missing.
TreeData tree_data(const Relation& rows, const std::vector<std::string>& attributes, std::string_view value,
                   std::string_view weight = "");

// The fitted distribution of a node. Normal: mean and (maximum-likelihood, 1/W) variance.
// Binomial: mean = failure probability p, variance = p (1 - p).
struct NodeDistribution {
  double weight = 0;
  double mean = 0;
  double variance = 0;
};

struct TreeNode {
  int attribute = -1;  // split attribute, -1 for a leaf
  std::int32_t value = 0;
  int match = -1;  // child with attribute == value
  int rest = -1;   // child with attribute != value (or missing)
  int depth = 0;
  NodeDistribution distribution;
  bool is_leaf() const { return attribute < 0; }
};

// A fitted tree: an immutable value. Node 0 is the root.
class DecisionTree {
 public:
  DecisionTree(LeafFamily family, std::vector<TreeNode> nodes);
  LeafFamily family() const { return family_; }
  const std::vector<TreeNode>& nodes() const { return nodes_; }
  const TreeNode& node(int i) const { return nodes_[static_cast<std::size_t>(i)]; }
  // The leaf (node index) holding row `row` of `data`.
  int leaf_of(const TreeData& data, std::size_t row) const;
  std::vector<int> leaves() const;

 private:
  LeafFamily family_;
  std::vector<TreeNode> nodes_;
};

// Split criterion: the reduction in impurity, impurity being the squared error around the mean
// (Normal; equivalently the Gaussian log-likelihood with a shared variance) or the Bernoulli
// deviance 2 W H(p), H the binary entropy in nats (Binomial). The best split of a node maximises
// the reduction over every (attribute, value) with both children weighing >= min_samples_leaf;
// ties go to the lowest attribute index, then the lowest code. A node is not split at
// max_depth, or when the best reduction is not above 1e-12 of the node's impurity (rounding).
class DecisionTreeRegressor {
 public:
  struct Params {
    LeafFamily family = LeafFamily::kNormal;
    int max_depth = 2;
    double min_samples_leaf = 1;
  };
  static constexpr std::string_view kName = "decision_tree";

  // Throws ConfigError on max_depth < 0 or min_samples_leaf < 0.
  explicit DecisionTreeRegressor(Params params);
  const Params& params() const { return params_; }

  // Needs at least one row of positive weight (bug otherwise).
  DecisionTree fit(const TreeData& data) const;

 private:
  Params params_;
};

}  // namespace moce
