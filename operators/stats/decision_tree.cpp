// Fitting of the multiway categorical decision tree with Normal/Binomial nodes.
#include "operators/stats/decision_tree.hpp"

#include <algorithm>
#include <cmath>
#include <optional>

#include "operators/relational/numeric.hpp"
#include "operators/stats/code_cardinality.hpp"
#include "runtime/error.hpp"

namespace moce {
namespace {

// Sufficient statistics of a set of rows: weight W, S = sum w (v - shift) and
// Q = sum [d2 + w (v - shift)^2]; the shift (the root's mean) keeps Q - S^2/W well conditioned.
struct Moments {
  double w = 0;
  double s = 0;
  double q = 0;
  Moments operator+(const Moments& o) const { return {w + o.w, s + o.s, q + o.q}; }
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
      cardinality_.push_back(code_cardinality(codes));
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
    grow(rows, 0, -1, moments_of(rows));
    return std::move(nodes_);
  }

 private:
  // One candidate split: the values with children of their own, in code order, then the pool.
  struct Split {
    std::vector<std::int32_t> values;
    std::vector<Moments> children;
    Moments pool;
    double impurity = 0;
  };

  void add(Moments& m, std::size_t r) const {
    const double w = data_.weight(r);
    const double d = data_.values[r] - shift_;
    m.w += w;
    m.s += w * d;
    m.q += w * d * d + data_.squared_deviation(r);
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

  // The split of `rows` on attribute a; none with fewer than two children of positive weight.
  std::optional<Split> split_on(std::size_t a, const std::vector<std::size_t>& rows) const {
    const auto& codes = data_.attributes[a];
    std::vector<Moments> by_value(cardinality_[a]);
    Split split;
    for (std::size_t r : rows) add(codes[r] >= 0 ? by_value[static_cast<std::size_t>(codes[r])] : split.pool, r);
    for (std::size_t v = 0; v < by_value.size(); ++v) {
      const Moments& m = by_value[v];
      if (m.w <= 0) continue;
      if (m.w >= params_.min_samples_leaf) {
        split.values.push_back(static_cast<std::int32_t>(v));
        split.children.push_back(m);
      } else {
        split.pool = split.pool + m;
      }
    }
    if (split.children.size() + (split.pool.w > 0 ? 1 : 0) < 2) return std::nullopt;
    for (const Moments& m : split.children) split.impurity += impurity(m);
    split.impurity += impurity(split.pool);
    return split;
  }

  int grow(const std::vector<std::size_t>& rows, int depth, int parent_id, const Moments& total) {
    const int id = static_cast<int>(nodes_.size());
    TreeNode leaf;
    leaf.parent = parent_id;
    leaf.depth = depth;
    leaf.distribution = distribution(total);
    nodes_.push_back(std::move(leaf));
    const double parent = impurity(total);
    if (depth >= params_.max_depth || parent <= 0) return id;

    double best_gain = 1e-12 * parent;
    int best_attribute = -1;
    std::optional<Split> best;
    for (std::size_t a = 0; a < data_.attributes.size(); ++a) {
      auto split = split_on(a, rows);
      if (!split) continue;
      const double gain = parent - split->impurity;
      if (gain > best_gain) {
        best_gain = gain;
        best_attribute = static_cast<int>(a);
        best = std::move(split);
      }
    }
    if (best_attribute < 0) return id;

    // Rows per child: index i < k for values[i], k for the pool.
    const auto& codes = data_.attributes[static_cast<std::size_t>(best_attribute)];
    const std::size_t k = best->values.size();
    std::vector<std::vector<std::size_t>> parts(k + 1);
    for (std::size_t r : rows) {
      const auto it = std::lower_bound(best->values.begin(), best->values.end(), codes[r]);
      const bool own = it != best->values.end() && *it == codes[r];
      parts[own ? static_cast<std::size_t>(it - best->values.begin()) : k].push_back(r);
    }
    std::vector<int> children;
    for (std::size_t i = 0; i < k; ++i) children.push_back(grow(parts[i], depth + 1, id, moments_of(parts[i])));
    const int other = parts[k].empty() ? -1 : grow(parts[k], depth + 1, id, moments_of(parts[k]));
    TreeNode& node = nodes_[static_cast<std::size_t>(id)];
    node.attribute = best_attribute;
    node.values = std::move(best->values);
    node.children = std::move(children);
    node.other = other;
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
                   std::string_view weight, std::string_view variance) {
  TreeData data;
  for (const auto& name : attributes) data.attributes.push_back(SharedSpan<std::int32_t>::of(rows.column(name)));
  data.values = SharedSpan<double>::of(rows.column(value));
  if (!weight.empty()) {
    const Column& c = rows.column(weight);
    data.weights = c.type() == ColumnType::kDouble ? SharedSpan<double>::of(c) : SharedSpan<double>(to_doubles(c));
  }
  if (!variance.empty()) {
    const auto var = rows.column(variance).reals();
    std::vector<double> sq(var.size());
    for (std::size_t r = 0; r < sq.size(); ++r)
      sq[r] = std::isnan(var[r]) ? 0.0 : std::max(0.0, data.weight(r) - 1) * var[r];
    data.squared_deviations = std::move(sq);
  }
  return data;
}

int TreeNode::child_for(std::int32_t code) const {
  const auto it = std::lower_bound(values.begin(), values.end(), code);
  if (it != values.end() && *it == code) return children[static_cast<std::size_t>(it - values.begin())];
  return other;
}

DecisionTree::DecisionTree(LeafFamily family, std::vector<TreeNode> nodes, std::size_t num_attributes)
    : family_(family), nodes_(std::move(nodes)), num_attributes_(num_attributes) {
  MOCE_ASSERT(!nodes_.empty(), "a decision tree needs a root");
  const auto size = static_cast<int>(nodes_.size());
  auto valid = [size](int c) { return c > 0 && c < size; };
  for (const TreeNode& n : nodes_) {
    if (n.is_leaf()) continue;
    MOCE_ASSERT(n.attribute < static_cast<int>(num_attributes_), "decision tree node splits attribute ", n.attribute,
                " of ", num_attributes_);
    MOCE_ASSERT(n.values.size() == n.children.size() && std::is_sorted(n.values.begin(), n.values.end()),
                "decision tree node with ", n.values.size(), " values for ", n.children.size(), " children");
    for (int c : n.children) MOCE_ASSERT(valid(c), "decision tree child ", c, " out of ", size, " nodes");
    MOCE_ASSERT(n.other < 0 || valid(n.other), "decision tree child ", n.other, " out of ", size, " nodes");
  }
}

int DecisionTree::leaf_of(const TreeData& data, std::size_t row) const {
  int at = 0;
  while (!node(at).is_leaf()) {
    const TreeNode& n = node(at);
    const int next = n.child_for(data.attributes[static_cast<std::size_t>(n.attribute)][row]);
    if (next < 0) break;
    at = next;
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

DecisionTree DecisionTreeRegressor::run(const TreeData& data) const {
  MOCE_ASSERT(data.num_rows() > 0, kName, ": no rows to fit");
  TreeBuilder builder(params_, data);
  return DecisionTree(params_.family, builder.build(), data.attributes.size());
}

}  // namespace moce
