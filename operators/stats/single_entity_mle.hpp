// Single-entity diagnosis by decision-tree maximum likelihood (appendix A.2): which one-entity
// cohort (attribute = value), if it had failed, best explains the anomaly-period data.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "operators/stats/decision_tree.hpp"
#include "runtime/dag/hash.hpp"

namespace moce {

struct EntityLikelihood {
  int attribute = 0;
  std::int32_t value = 0;
  double log_likelihood = 0;        // ln P[D | H_C]
  double log_likelihood_ratio = 0;  // ln P[D | H_C] - ln P[D | no entity failed]
  double weight = 0;                // samples of D inside C
};

// The tree is fitted on the historical period; D is the anomaly period reduced, as in A.2, to
// one weighted value (v_l, w_l) per leaf cohort l (value = mean, weight = samples), with the
// tree's attributes in the same order.
//
// Under H_C every value m_i of a session in C is drawn from the biased distribution P' of the
// tree leaf that holds it, every other value from that leaf's unbiased P:
//   Normal:   P' = N(mu + 3 sigma, sigma^2) (direction kIncrease) or N(mu - 3 sigma, sigma^2);
//   Binomial: p' = (p + 1) / 2 (kIncrease: the midpoint of p and 1) or p / 2 (kDecrease).
// A reduced row contributes w_l ln P(v_l): w_l ln N(v_l; mu, sigma) for Normal, and
// w_l [v_l ln p + (1 - v_l) ln(1 - p)] for Binomial (w_l Bernoulli trials with failure share v_l;
// the binomial coefficient is the same under every hypothesis and is left out).
// A row is scored with the distribution of the deepest node holding it (DecisionTree::leaf_of;
// a value without a child of its own goes to the pooled child, or stays at the split node) or,
// if that node weighs less than min_support or (Normal) has a sigma below min_sigma, of its
// nearest ancestor that passes: a leaf of one or two sessions must not swamp the ranking with
// its near-zero variance. Rows with squared deviations (aggregated cohorts) add
// -d2 / (2 sigma^2) to ln P under both hypotheses (it cancels in the ratio).
// Guards (our choice): sigma is at least min_sigma, p is clamped to
// [probability_floor, 1 - probability_floor], so a degenerate root cannot give -inf.
// Candidates are every (attribute, value) present in D with positive weight; they come back
// ranked by ln P[D|H_C] descending (= the MLE first), ties by attribute then code. An entity
// whose ratio is <= 0 explains the data no better than "nothing failed".
class SingleEntityMle {
 public:
  enum class Direction { kIncrease, kDecrease };
  struct Params {
    Direction direction = Direction::kIncrease;
    double sigma_shift = 3.0;
    double min_sigma = 1e-9;
    double probability_floor = 1e-9;
    double min_support = 5;  // node weight (samples) below which its parent's distribution is used
    void hash_append(Hasher& h) const {
      h.add(direction);
      h.add(sigma_shift);
      h.add(min_sigma);
      h.add(probability_floor);
      h.add(min_support);
    }
  };
  static constexpr std::string_view kName = "single_entity_mle";

  // Throws ConfigError on sigma_shift < 0, min_sigma <= 0, probability_floor outside (0, 0.5) or
  // min_support < 0.
  explicit SingleEntityMle(Params params);
  const Params& params() const { return params_; }
  std::string_view name() const { return kName; }
  void hash_params(Hasher& h) const { h.add(params_); }

  // Throws Error when `anomaly` does not have the tree's attribute count.
  std::vector<EntityLikelihood> run(const DecisionTree& tree, const TreeData& anomaly) const;

  // The node whose distribution scores a row that falls in `node` (see above).
  int scoring_node(const DecisionTree& tree, int node) const;

  // ln P[D | no entity failed], the null hypothesis the ratios are taken against.
  double null_log_likelihood(const DecisionTree& tree, const TreeData& anomaly) const;

 private:
  // w ln P(row) under the unbiased (biased = false) or biased distribution of `node`.
  double log_likelihood(const DecisionTree& tree, int node, const TreeData& data, std::size_t row, bool biased) const;
  void check(const DecisionTree& tree, const TreeData& anomaly) const;
  Params params_;
};

}  // namespace moce
