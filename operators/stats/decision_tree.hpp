// Decision-tree regressor over categorical cohort attributes (appendix A.2, Figure 13): each
// node is a cohort with a fitted Normal or Binomial distribution of the metric; a node splits
// multiway on one attribute, one child per value (Figure 13's leaves are cohorts such as
// {ISP:B, appVersion:2.4}), up to a maximum depth (2 in the paper).
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "operators/data/relation.hpp"
#include "operators/stats/shared_span.hpp"
#include "runtime/dag/hash.hpp"

namespace moce {

// The distribution family of a node: Normal for continuous metrics (durations), Binomial for
// failure metrics (values are failure indicators, or failure rates with weight = trials).
enum class LeafFamily { kNormal, kBinomial };

// Rows to fit or to score. Each row is a session (weight 1) or an aggregated cohort (weight =
// its sample count, value = its mean, squared_deviations = the sum of squared deviations of its
// samples around that mean). Codes are >= 0, or kMissingCode. Every member keeps the data it
// views alive (SharedSpan), so a TreeData is safe as a node result; vectors convert implicitly:
//   TreeData data{{isp_codes, device_codes}, values, weights, {}};
struct TreeData {
  std::vector<SharedSpan<std::int32_t>> attributes;  // one code column per attribute
  SharedSpan<double> values;
  SharedSpan<double> weights;             // empty: every row weighs 1
  SharedSpan<double> squared_deviations;  // empty: 0 per row (single sessions)
  std::size_t num_rows() const { return values.size(); }
  double weight(std::size_t row) const { return weights.empty() ? 1.0 : weights[row]; }
  double squared_deviation(std::size_t row) const { return squared_deviations.empty() ? 0.0 : squared_deviations[row]; }
  void hash_append(Hasher& h) const {
    h.add(attributes);
    h.add(values);
    h.add(weights);
    h.add(squared_deviations);
  }
};

// The rows of a relation as TreeData: categorical `attributes` and the real `value` column are
// shared (zero-copy). `weight` ("" for none) is a real or int64 count column (e.g. GroupBy's
// count). `variance` ("" for none) is each row's sample variance (divisor n-1, as
// Aggregate::variance), turned into squared deviations (weight - 1) * variance, NaN (a cohort of
// one session) counting 0, so a leaf of aggregated rows sees the within-cohort variance too.
// Throws Error (from Relation) if a column is missing.
TreeData tree_data(const Relation& rows, const std::vector<std::string>& attributes, std::string_view value,
                   std::string_view weight = "", std::string_view variance = "");

// tree_data() as a graph operator: graph.call(TreeDataOf{{"isp", "device"}, "mean_ms", "count", "var_ms"}, rows).
struct TreeDataOf {
  std::vector<std::string> attributes;
  std::string value;
  std::string weight;
  std::string variance;
  std::string_view name() const { return "tree_data"; }
  void hash_params(Hasher& h) const {
    h.add(attributes);
    h.add(value);
    h.add(weight);
    h.add(variance);
  }
  TreeData run(const Relation& rows) const { return tree_data(rows, attributes, value, weight, variance); }
};

// The fitted distribution of a node. Normal: mean and (maximum-likelihood, 1/W) variance.
// Binomial: mean = failure probability p, variance = p (1 - p).
struct NodeDistribution {
  double weight = 0;
  double mean = 0;
  double variance = 0;
};

struct TreeNode {
  int attribute = -1;                // split attribute, -1 for a leaf
  std::vector<std::int32_t> values;  // children[i] holds the rows with attribute == values[i]
  std::vector<int> children;
  int other = -1;   // child pooling the values below the minimum support and missing codes; -1: none
  int parent = -1;  // -1 for the root
  int depth = 0;
  NodeDistribution distribution;
  bool is_leaf() const { return attribute < 0; }
  // The child for `code`: its own, else the pool (`other`), else -1.
  int child_for(std::int32_t code) const;
};

// A fitted tree: an immutable value. Node 0 is the root.
class DecisionTree {
 public:
  DecisionTree(LeafFamily family, std::vector<TreeNode> nodes, std::size_t num_attributes);
  LeafFamily family() const { return family_; }
  std::size_t num_attributes() const { return num_attributes_; }
  const std::vector<TreeNode>& nodes() const { return nodes_; }
  const TreeNode& node(int i) const { return nodes_[static_cast<std::size_t>(i)]; }
  // The deepest node holding row `row` of `data`: a row whose value has no child at a split
  // (and no pool) stops at the split node, whose distribution then describes it.
  int leaf_of(const TreeData& data, std::size_t row) const;
  std::vector<int> leaves() const;

 private:
  LeafFamily family_;
  std::vector<TreeNode> nodes_;
  std::size_t num_attributes_;
};

// Split criterion: the reduction in impurity, impurity being the squared error around the mean
// (Normal; equivalently the Gaussian log-likelihood with a shared variance) or the Bernoulli
// deviance 2 W H(p), H the binary entropy in nats (Binomial). A split on attribute a gives one
// child per value of weight >= min_samples_leaf; the rarer values and missing codes pool into one
// `other` child (which may weigh less: SingleEntityMle then uses its parent). A split needs two
// children of positive weight; the best split maximises the reduction parent - sum(children),
// ties going to the lowest attribute index. A node is not split at max_depth, or when the best
// reduction is not above 1e-12 of the node's impurity (rounding).
class DecisionTreeRegressor {
 public:
  struct Params {
    LeafFamily family = LeafFamily::kNormal;
    int max_depth = 2;
    // Our choice: a cohort needs 5 samples to be a leaf of its own, so a leaf's variance is an
    // estimate rather than the spread of one or two sessions.
    double min_samples_leaf = 5;
    void hash_append(Hasher& h) const {
      h.add(family);
      h.add(max_depth);
      h.add(min_samples_leaf);
    }
  };
  static constexpr std::string_view kName = "decision_tree";

  // Throws ConfigError on max_depth < 0 or min_samples_leaf < 0.
  explicit DecisionTreeRegressor(Params params);
  const Params& params() const { return params_; }
  std::string_view name() const { return kName; }
  void hash_params(Hasher& h) const { h.add(params_); }

  // Needs at least one row of positive weight (bug otherwise).
  DecisionTree run(const TreeData& data) const;
  DecisionTree fit(const TreeData& data) const { return run(data); }

 private:
  Params params_;
};

}  // namespace moce
