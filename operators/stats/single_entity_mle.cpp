// Single-entity MLE over a fitted decision tree.
#include "operators/stats/single_entity_mle.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

#include "operators/stats/code_cardinality.hpp"
#include "runtime/error.hpp"

namespace moce {

SingleEntityMle::SingleEntityMle(Params params) : params_(params) {
  if (!(params_.sigma_shift >= 0))
    throw ConfigError(cat(kName, ": sigma_shift must be >= 0, got ", params_.sigma_shift));
  if (!(params_.min_sigma > 0)) throw ConfigError(cat(kName, ": min_sigma must be > 0, got ", params_.min_sigma));
  if (!(params_.probability_floor > 0 && params_.probability_floor < 0.5))
    throw ConfigError(cat(kName, ": probability_floor must be in (0, 0.5), got ", params_.probability_floor));
  if (!(params_.min_support >= 0))
    throw ConfigError(cat(kName, ": min_support must be >= 0, got ", params_.min_support));
}

int SingleEntityMle::scoring_node(const DecisionTree& tree, int node) const {
  auto usable = [&](const NodeDistribution& d) {
    if (d.weight < params_.min_support) return false;
    return tree.family() != LeafFamily::kNormal || std::sqrt(d.variance) >= params_.min_sigma;
  };
  while (tree.node(node).parent >= 0 && !usable(tree.node(node).distribution)) node = tree.node(node).parent;
  return node;
}

double SingleEntityMle::log_likelihood(const DecisionTree& tree, int node, const TreeData& data, std::size_t row,
                                       bool biased) const {
  const NodeDistribution& d = tree.node(node).distribution;
  const bool up = params_.direction == Direction::kIncrease;
  const double w = data.weight(row);
  const double value = data.values[row];
  if (tree.family() == LeafFamily::kNormal) {
    const double sigma = std::max(std::sqrt(d.variance), params_.min_sigma);
    const double mu = biased ? d.mean + (up ? 1 : -1) * params_.sigma_shift * sigma : d.mean;
    const double z = (value - mu) / sigma;
    const double per_sample = -0.5 * z * z - std::log(sigma) - 0.5 * std::log(2 * std::numbers::pi);
    // Sum over the row's samples of ln N(x_i): w ln N(mean) - sum (x_i - mean)^2 / (2 sigma^2).
    return w * per_sample - data.squared_deviation(row) / (2 * sigma * sigma);
  }
  double p = d.mean;
  if (biased) p = up ? (p + 1) / 2 : p / 2;
  p = std::clamp(p, params_.probability_floor, 1 - params_.probability_floor);
  return w * (value * std::log(p) + (1 - value) * std::log1p(-p));
}

void SingleEntityMle::check(const DecisionTree& tree, const TreeData& anomaly) const {
  if (anomaly.attributes.size() != tree.num_attributes())
    throw Error(cat(kName, ": the anomaly data has ", anomaly.attributes.size(), " attributes, the tree ",
                    tree.num_attributes()));
  for (const auto& codes : anomaly.attributes)
    if (codes.size() != anomaly.num_rows())
      throw Error(cat(kName, ": attribute column of ", codes.size(), " rows, values of ", anomaly.num_rows()));
  if (!anomaly.weights.empty() && anomaly.weights.size() != anomaly.num_rows())
    throw Error(cat(kName, ": ", anomaly.weights.size(), " weights for ", anomaly.num_rows(), " rows"));
  if (!anomaly.squared_deviations.empty() && anomaly.squared_deviations.size() != anomaly.num_rows())
    throw Error(cat(kName, ": ", anomaly.squared_deviations.size(), " squared deviations for ", anomaly.num_rows(),
                    " rows"));
}

double SingleEntityMle::null_log_likelihood(const DecisionTree& tree, const TreeData& anomaly) const {
  check(tree, anomaly);
  double total = 0;
  for (std::size_t r = 0; r < anomaly.num_rows(); ++r)
    if (anomaly.weight(r) > 0)
      total += log_likelihood(tree, scoring_node(tree, tree.leaf_of(anomaly, r)), anomaly, r, false);
  return total;
}

std::vector<EntityLikelihood> SingleEntityMle::run(const DecisionTree& tree, const TreeData& anomaly) const {
  check(tree, anomaly);
  // ln P[D|H_C] = ln P[D|null] + sum over rows in C of (ln P' - ln P), so one pass over the rows
  // scores every candidate at once.
  const std::size_t n = anomaly.num_rows();
  std::vector<double> gain(n, 0.0);
  double null_ll = 0;
  for (std::size_t r = 0; r < n; ++r) {
    if (anomaly.weight(r) <= 0) continue;
    const int node = scoring_node(tree, tree.leaf_of(anomaly, r));
    const double plain = log_likelihood(tree, node, anomaly, r, false);
    null_ll += plain;
    gain[r] = log_likelihood(tree, node, anomaly, r, true) - plain;
  }

  std::vector<EntityLikelihood> out;
  for (std::size_t a = 0; a < anomaly.attributes.size(); ++a) {
    const auto& codes = anomaly.attributes[a];
    std::vector<double> ratio(code_cardinality(codes), 0.0);
    std::vector<double> weight(ratio.size(), 0.0);
    for (std::size_t r = 0; r < n; ++r) {
      if (codes[r] < 0 || anomaly.weight(r) <= 0) continue;
      ratio[static_cast<std::size_t>(codes[r])] += gain[r];
      weight[static_cast<std::size_t>(codes[r])] += anomaly.weight(r);
    }
    for (std::size_t v = 0; v < ratio.size(); ++v)
      if (weight[v] > 0)
        out.push_back({static_cast<int>(a), static_cast<std::int32_t>(v), null_ll + ratio[v], ratio[v], weight[v]});
  }
  std::stable_sort(out.begin(), out.end(), [](const EntityLikelihood& x, const EntityLikelihood& y) {
    return x.log_likelihood_ratio > y.log_likelihood_ratio;
  });
  return out;
}

}  // namespace moce
