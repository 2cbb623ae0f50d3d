// Fitting of the one-vs-rest categorical decision tree with Normal/Binomial nodes.
#include "operators/stats/decision_tree.hpp"

#include <algorithm>
#include <cmath>

#include "runtime/error.hpp"

namespace moce {
namespace {

// Sufficient statistics of a set of rows: weight W, S = sum w (v - shift) and
// Q = sum [d2 + w (v - shift)^2]; the shift (the root's mean) keeps Q - S^2/W well conditioned.
struct Moments {
  double w = 0;
  double s = 0;
  double q = 0;
  Moments operator-(const Moments& o) const { return {w - o.w, s - o.s, q - o.q}; }
};

double entropy_nats(double p) {
  double h = 0;
  if (p > 0) h -= p * std::log(p);
  if (p < 1) h -= (1 - p) * std::log1p(-p);
  return h;
}

class TreeBuilder {
 public:
  TreeBuilder(const DecisionTreeRegressor::Params& params, const TreeData& data) : params_(params), data_(data) {
    const std::size_t n = data.num_rows();
    for (const auto& codes : data.attributes) {
      MOCE_ASSERT(codes.size() == n, "decision tree: attribute column of ", codes.size(), " rows, values of ", n);
      std::int32_t most = -1;
      for (std::int32_t c : codes) most = std::max(most, c);
      cardinality_.push_back(static_cast<std::size_t>(most + 1));
    }
    MOCE_ASSERT(data.weights.empty() || data.weights.size() == n, "decision tree: weights of wrong length");
    MOCE_ASSERT(data.squared_deviations.empty() || data.squared_deviations.size() == n,
                "decision tree: squared deviations of wrong length");
    if (params_.family == LeafFamily::kNormal) {
      double w = 0, s = 0;
      for (std::size_t r = 0; r < n; ++r) {
        w += data.weight(r);
        s += data.weight(r) * data.values[r];
      }
      MOCE_ASSERT(w > 0, "decision tree: no rows of positive weight");
      shift_ = s / w;
    }
  }

  std::vector<TreeNode> build() {
    std::vector<std::size_t> rows(data_.num_rows());
    for (std::size_t r = 0; r < rows.size(); ++r) rows[r] = r;
    grow(rows, 0, moments_of(rows));
    return std::move(nodes_);
  }

 private:
  void add(Moments& m, std::size_t r) const {
    const double w = data_.weight(r);
    const double d = data_.values[r] - shift_;
    m.w += w;
    m.s += w * d;
    m.q += w * d * d + (data_.squared_deviations.empty() ? 0.0 : data_.squared_deviations[r]);
  }
  Moments moments_of(const std::vector<std::size_t>& rows) const {
    Moments m;
    for (std::size_t r : rows) add(m, r);
    return m;
  }
  double impurity(const Moments& m) const {
    if (m.w <= 0) return 0;
    if (params_.family == LeafFamily::kNormal) return std::max(0.0, m.q - m.s * m.s / m.w);
    return 2 * m.w * entropy_nats(std::clamp(m.s / m.w, 0.0, 1.0));
  }
  NodeDistribution distribution(const Moments& m) const {
    NodeDistribution d{m.w, 0, 0};
    if (m.w <= 0) return d;
    if (params_.family == LeafFamily::kNormal) {
      d.mean = shift_ + m.s / m.w;
      d.variance = std::max(0.0, m.q - m.s * m.s / m.w) / m.w;
    } else {
      d.mean = std::clamp(m.s / m.w, 0.0, 1.0);
      d.variance = d.mean * (1 - d.mean);
    }
    return d;
  }

  int grow(const std::vector<std::size_t>& rows, int depth, const Moments& total) {
    const int id = static_cast<int>(nodes_.size());
    nodes_.push_back(TreeNode{-1, 0, -1, -1, depth, distribution(total)});
    const double parent = impurity(total);
    if (depth >= params_.max_depth || parent <= 0) return id;

    double best_gain = 1e-12 * parent;
    int best_attribute = -1;
    std::int32_t best_value = 0;
    std::vector<Moments> by_value;
    for (std::size_t a = 0; a < data_.attributes.size(); ++a) {
      const auto codes = data_.attributes[a];
      by_value.assign(cardinality_[a], Moments{});
      for (std::size_t r : rows)
        if (codes[r] >= 0) add(by_value[static_cast<std::size_t>(codes[r])], r);
      for (std::size_t v = 0; v < by_value.size(); ++v) {
        const Moments& match = by_value[v];
        const Moments rest = total - match;
        if (match.w <= 0 || rest.w <= 0) continue;
        if (match.w < params_.min_samples_leaf || rest.w < params_.min_samples_leaf) continue;
        const double gain = parent - impurity(match) - impurity(rest);
        if (gain > best_gain) {
          best_gain = gain;
          best_attribute = static_cast<int>(a);
          best_value = static_cast<std::int32_t>(v);
        }
      }
    }
    if (best_attribute < 0) return id;

    std::vector<std::size_t> match_rows, rest_rows;
    const auto codes = data_.attributes[static_cast<std::size_t>(best_attribute)];
    for (std::size_t r : rows) (codes[r] == best_value ? match_rows : rest_rows).push_back(r);
    const Moments match = moments_of(match_rows);
    const Moments rest = moments_of(rest_rows);
    const int match_id = grow(match_rows, depth + 1, match);
    const int rest_id = grow(rest_rows, depth + 1, rest);
    TreeNode& node = nodes_[static_cast<std::size_t>(id)];
    node.attribute = best_attribute;
    node.value = best_value;
    node.match = match_id;
    node.rest = rest_id;
    return id;
  }

  const DecisionTreeRegressor::Params& params_;
  const TreeData& data_;
  std::vector<std::size_t> cardinality_;
  double shift_ = 0;
  std::vector<TreeNode> nodes_;
};

}  // namespace

TreeData tree_data(const Relation& rows, const std::vector<std::string>& attributes, std::string_view value,
                   std::string_view weight) {
  TreeData data;
  for (const auto& name : attributes) data.attributes.push_back(rows.column(name).codes());
  data.values = rows.column(value).reals();
  if (!weight.empty()) data.weights = rows.column(weight).reals();
  return data;
}

DecisionTree::DecisionTree(LeafFamily family, std::vector<TreeNode> nodes) : family_(family), nodes_(std::move(nodes)) {
  MOCE_ASSERT(!nodes_.empty(), "a decision tree needs a root");
  const auto size = static_cast<int>(nodes_.size());
  for (const TreeNode& n : nodes_)
    MOCE_ASSERT(n.is_leaf() || (n.match > 0 && n.match < size && n.rest > 0 && n.rest < size),
                "decision tree node with children ", n.match, ", ", n.rest, " out of ", size, " nodes");
}

int DecisionTree::leaf_of(const TreeData& data, std::size_t row) const {
  int at = 0;
  while (!node(at).is_leaf()) {
    const TreeNode& n = node(at);
    at = data.attributes[static_cast<std::size_t>(n.attribute)][row] == n.value ? n.match : n.rest;
  }
  return at;
}

std::vector<int> DecisionTree::leaves() const {
  std::vector<int> out;
  for (std::size_t i = 0; i < nodes_.size(); ++i)
    if (nodes_[i].is_leaf()) out.push_back(static_cast<int>(i));
  return out;
}

DecisionTreeRegressor::DecisionTreeRegressor(Params params) : params_(params) {
  if (params_.max_depth < 0) throw ConfigError(cat(kName, ": max_depth must be >= 0, got ", params_.max_depth));
  if (!(params_.min_samples_leaf >= 0))
    throw ConfigError(cat(kName, ": min_samples_leaf must be >= 0, got ", params_.min_samples_leaf));
}

DecisionTree DecisionTreeRegressor::fit(const TreeData& data) const {
  MOCE_ASSERT(data.num_rows() > 0, kName, ": no rows to fit");
  TreeBuilder builder(params_, data);
  return DecisionTree(params_.family, builder.build());
}

}  // namespace moce
