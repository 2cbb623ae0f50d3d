// Single-entity MLE over a fitted decision tree.
#include "operators/stats/single_entity_mle.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

#include "runtime/error.hpp"

namespace moce {

SingleEntityMle::SingleEntityMle(Params params) : params_(params) {
  if (!(params_.sigma_shift >= 0))
    throw ConfigError(cat(kName, ": sigma_shift must be >= 0, got ", params_.sigma_shift));
  if (!(params_.min_sigma > 0)) throw ConfigError(cat(kName, ": min_sigma must be > 0, got ", params_.min_sigma));
  if (!(params_.probability_floor > 0 && params_.probability_floor < 0.5))
    throw ConfigError(cat(kName, ": probability_floor must be in (0, 0.5), got ", params_.probability_floor));
}

double SingleEntityMle::log_density(const DecisionTree& tree, int leaf, double value, bool biased) const {
  const NodeDistribution& d = tree.node(leaf).distribution;
  const bool up = params_.direction == Direction::kIncrease;
  if (tree.family() == LeafFamily::kNormal) {
    const double sigma = std::max(std::sqrt(d.variance), params_.min_sigma);
    const double mu = biased ? d.mean + (up ? 1 : -1) * params_.sigma_shift * sigma : d.mean;
    const double z = (value - mu) / sigma;
    return -0.5 * z * z - std::log(sigma) - 0.5 * std::log(2 * std::numbers::pi);
  }
  double p = d.mean;
  if (biased) p = up ? (p + 1) / 2 : p / 2;
  p = std::clamp(p, params_.probability_floor, 1 - params_.probability_floor);
  return value * std::log(p) + (1 - value) * std::log1p(-p);
}

double SingleEntityMle::null_log_likelihood(const DecisionTree& tree, const TreeData& anomaly) const {
  double total = 0;
  for (std::size_t r = 0; r < anomaly.num_rows(); ++r)
    if (anomaly.weight(r) > 0)
      total += anomaly.weight(r) * log_density(tree, tree.leaf_of(anomaly, r), anomaly.values[r], false);
  return total;
}

std::vector<EntityLikelihood> SingleEntityMle::run(const DecisionTree& tree, const TreeData& anomaly) const {
  // ln P[D|H_C] = ln P[D|null] + sum over rows in C of w (ln P' - ln P), so one pass over the rows
  // scores every candidate at once.
  const std::size_t n = anomaly.num_rows();
  std::vector<double> gain(n, 0.0);
  double null_ll = 0;
  for (std::size_t r = 0; r < n; ++r) {
    const double w = anomaly.weight(r);
    if (w <= 0) continue;
    const int leaf = tree.leaf_of(anomaly, r);
    const double plain = log_density(tree, leaf, anomaly.values[r], false);
    null_ll += w * plain;
    gain[r] = w * (log_density(tree, leaf, anomaly.values[r], true) - plain);
  }

  std::vector<EntityLikelihood> out;
  for (std::size_t a = 0; a < anomaly.attributes.size(); ++a) {
    const auto codes = anomaly.attributes[a];
    MOCE_ASSERT(codes.size() == n, kName, ": attribute column of ", codes.size(), " rows, values of ", n);
    std::int32_t most = -1;
    for (std::int32_t c : codes) most = std::max(most, c);
    std::vector<double> ratio(static_cast<std::size_t>(most + 1), 0.0);
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
