// The statistical operators as lazy DAG nodes: each goes into Graph::call as it is, a chain
// gives what direct calls give, results that view their inputs outlive the inputs' eviction,
// and two StatefulMaps that differ only in their initial state stay two nodes.
#include <gtest/gtest.h>

#include <memory>
#include <vector>

#include "operators/relational/derive_column.hpp"
#include "operators/stateful/stateful_map.hpp"
#include "operators/stats/decision_tree.hpp"
#include "operators/stats/lasso.hpp"
#include "operators/stats/pivot.hpp"
#include "operators/stats/single_entity_mle.hpp"
#include "runtime/dag/dag.hpp"

namespace moce {
namespace {

// Cohorts (isp, device) with count, mean and variance of a latency, as GroupBy gives them.
// isp 1 is slow in the anomaly period (shift = 12 there, 0 in history).
Relation cohorts(double shift) {
  auto isp = std::make_shared<const Dictionary>(std::vector<std::string>{"A", "B", "C"}, "isp");
  auto device = std::make_shared<const Dictionary>(std::vector<std::string>{"ios", "android"}, "device");
  std::vector<std::int32_t> i_codes, d_codes;
  std::vector<double> count, mean, var;
  for (std::int32_t i = 0; i < 3; ++i)
    for (std::int32_t d = 0; d < 2; ++d) {
      i_codes.push_back(i);
      d_codes.push_back(d);
      count.push_back(20);
      mean.push_back(100 + 10 * d + (i == 1 ? shift : 0));
      var.push_back(4 + i);
    }
  Relation r;
  r.add("isp", Column::categorical(i_codes, isp));
  r.add("device", Column::categorical(d_codes, device));
  r.add("count", Column::real(count));
  r.add("mean", Column::real(mean));
  r.add("var", Column::real(var));
  return r;
}

TEST(StatsGraph, TreeAndMleChainMatchesDirectCallsUnderEviction) {
  // A one-byte cache: every input is evicted once its consumer ran, so the tree data must own
  // (share) the buffers of the relation node it was taken from.
  Graph graph({.cache_bytes = 1});
  const TreeDataOf view{{"isp", "device"}, "mean", "count", "var"};
  auto history = graph.call(view, graph.call(make_task("history", [] { return cohorts(0); })));
  auto anomaly = graph.call(view, graph.call(make_task("anomaly", [] { return cohorts(12); })));
  auto tree = graph.call(DecisionTreeRegressor({}), history);
  auto ranked = graph.call(SingleEntityMle({}), tree, anomaly);
  const auto got = graph.get(ranked);
  EXPECT_GT(graph.stats().evictions, 0U);

  const TreeData h = tree_data(cohorts(0), view.attributes, "mean", "count", "var");
  const TreeData a = tree_data(cohorts(12), view.attributes, "mean", "count", "var");
  const auto want = SingleEntityMle({}).run(DecisionTreeRegressor({}).run(h), a);
  ASSERT_EQ(got->size(), want.size());
  for (std::size_t i = 0; i < want.size(); ++i) {
    EXPECT_EQ((*got)[i].attribute, want[i].attribute);
    EXPECT_EQ((*got)[i].value, want[i].value);
    EXPECT_DOUBLE_EQ((*got)[i].log_likelihood_ratio, want[i].log_likelihood_ratio);
  }
  EXPECT_EQ((*got)[0].attribute, 0);  // isp
  EXPECT_EQ((*got)[0].value, 1);      // B

  // The tree data node's result, read after its relation node was evicted.
  const auto data = graph.get(anomaly);
  EXPECT_DOUBLE_EQ(data->values[2], 112);
  EXPECT_DOUBLE_EQ(data->squared_deviations[2], 19 * 5);
}

TEST(StatsGraph, LassoOverAPivot) {
  // y = 2 * (ms at /a): the lasso with a tiny penalty recovers about 2 for /a, 0 for /b.
  auto url = std::make_shared<const Dictionary>(std::vector<std::string>{"/a", "/b"}, "url");
  Relation calls;
  std::vector<std::int64_t> session;
  std::vector<std::int32_t> code;
  std::vector<double> ms;
  Eigen::VectorXd y(8);
  for (int s = 0; s < 8; ++s) {
    session.insert(session.end(), {s, s});
    code.insert(code.end(), {0, 1});
    ms.insert(ms.end(), {10.0 + s, 5.0 + (s * 3) % 7});
    y[s] = 2 * (10.0 + s);
  }
  calls.add("session", Column::int64(session));
  calls.add("url", Column::categorical(code, url));
  calls.add("ms", Column::real(ms));
  Graph graph;
  auto x = graph.call(Pivot("session", "url", "ms"), graph.call(make_task("calls", [calls] { return calls; })));
  auto response = graph.call(make_task("y", [y] { return y; }));
  auto fit = graph.get(graph.call(Lasso({.lambda = 1e-6, .tolerance = 1e-12}), x, response));
  EXPECT_NEAR(fit->coefficients[0], 2, 1e-3);
  EXPECT_NEAR(fit->coefficients[1], 0, 1e-3);
}

TEST(StatsGraph, StatefulMapsWithOtherInitialStatesStayApart) {
  // Running count from 0 and from 100: before the initial state entered the key, the second
  // call returned the first node and its values.
  Relation rows;
  rows.add("x", Column::int64({1, 2, 3}));
  const Sequence events(rows, {0, 3});
  using Count = StatefulMap<std::int64_t, std::int64_t>;
  auto step = [](std::int64_t& s, const Relation&, std::size_t, std::vector<std::int64_t>& out) { out.push_back(++s); };
  Graph graph;
  auto source = graph.call(make_task("events", [events] { return events; }));
  auto from0 = graph.call(Count("count", 0, step), source);
  auto from100 = graph.call(Count("count", 100, step), source);
  EXPECT_EQ(graph.get(from0)->values, (std::vector<std::int64_t>{1, 2, 3}));
  EXPECT_EQ(graph.get(from100)->values, (std::vector<std::int64_t>{101, 102, 103}));
}

}  // namespace
}  // namespace moce
