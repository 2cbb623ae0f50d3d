// Every operator's node key covers every one of its parameters: for each operator, a copy gives
// the same key through Graph::call, and instances that differ in any one parameter give
// different keys (so lazy mode never hands one expert another's result). Listing an operator
// here with one variant per parameter is part of adding one. Also: every statistical operator
// goes into Graph::call as it is.
#include <gtest/gtest.h>

#include <Eigen/Dense>
#include <string>
#include <vector>

#include "operators/relational/derive_column.hpp"
#include "operators/relational/filter.hpp"
#include "operators/relational/group_by.hpp"
#include "operators/relational/hash_join.hpp"
#include "operators/relational/project.hpp"
#include "operators/relational/top_k.hpp"
#include "operators/stateful/filter_sequence.hpp"
#include "operators/stateful/flow_context.hpp"
#include "operators/stateful/merge_sequences.hpp"
#include "operators/stateful/ngrams.hpp"
#include "operators/stateful/relationalize.hpp"
#include "operators/stateful/sequencify.hpp"
#include "operators/stateful/stateful_map.hpp"
#include "operators/stats/adtributor.hpp"
#include "operators/stats/aho_corasick.hpp"
#include "operators/stats/decision_tree.hpp"
#include "operators/stats/lasso.hpp"
#include "operators/stats/minesweeper.hpp"
#include "operators/stats/permutation_test.hpp"
#include "operators/stats/pivot.hpp"
#include "operators/stats/single_entity_mle.hpp"
#include "operators/stats/welch_t_test.hpp"
#include "runtime/dag/dag.hpp"

namespace moce {
namespace {

// A source node of type T (nothing runs: only keys are compared).
template <class T>
Lazy<T> source(Graph& graph, std::string name) {
  return graph.call(make_task(std::move(name), [] { return T{}; }));
}

template <class Op, class... Inputs>
void expect_keys_cover_params(Graph& graph, const Op& base, const std::vector<Op>& variants, const Inputs&... inputs) {
  const Key key = graph.call(base, inputs...).key();
  EXPECT_EQ(graph.call(Op(base), inputs...).key(), key) << base.name();
  for (std::size_t i = 0; i < variants.size(); ++i)
    EXPECT_NE(graph.call(variants[i], inputs...).key(), key) << base.name() << ": variant " << i << " shares its key";
}

TEST(OperatorKeys, Relational) {
  Graph g;
  const auto rel = source<Relation>(g, "relation");
  expect_keys_cover_params(g, Filter(Predicate::cohort("isp=ISP-1")), {Filter(Predicate::cohort("isp=ISP-3"))}, rel);
  // Names join with ',', so {"a,b"} and {"a", "b"} print alike.
  expect_keys_cover_params(g, Project({"a", "b"}), {Project({"a,b"}), Project({"a"})}, rel);
  expect_keys_cover_params(g, GroupBy({"isp"}, {Aggregate::p95("ms")}),
                           {GroupBy({"city"}, {Aggregate::p95("ms")}),
                            GroupBy({"isp"}, {Aggregate::quantile("ms", 0.9500001)}),  // prints as 0.95
                            GroupBy({"isp"}, {Aggregate::p95("ms").named("tail")}),
                            GroupBy({"isp"}, {Aggregate::p95("other")}), GroupBy({"isp"}, {Aggregate::mean("ms")})},
                           rel);
  expect_keys_cover_params(g, HashJoin({"k"}, {"k"}),
                           {HashJoin({"j"}, {"k"}), HashJoin({"k"}, {"j"}), HashJoin({"k"}, {"k"}, JoinKind::kLeft),
                            HashJoin({"k"}, {"k"}, JoinKind::kInner, "_r")},
                           rel, rel);
  expect_keys_cover_params(g, TopK("ms", 5), {TopK("x", 5), TopK("ms", 6), TopK("ms", 5, SortOrder::kAscending)}, rel);
  expect_keys_cover_params(g, 
      DeriveColumn::window_label("ts", 0, 10, 10, 20, "period"),
      {DeriveColumn::window_label("time", 0, 10, 10, 20, "period"), DeriveColumn::window_label("ts", 1, 10, 10, 20, "period"),
       DeriveColumn::window_label("ts", 0, 11, 10, 20, "period"), DeriveColumn::window_label("ts", 0, 10, 11, 20, "period"),
       DeriveColumn::window_label("ts", 0, 10, 10, 21, "period"), DeriveColumn::window_label("ts", 0, 10, 10, 20, "p")},
      rel);
  expect_keys_cover_params(g, DeriveColumn::flag("status", {"error", "timeout"}, "failed"),
                           {DeriveColumn::flag("status", {"error"}, "failed"),
                            DeriveColumn::flag("code", {"error", "timeout"}, "failed"),
                            DeriveColumn::flag("status", {"error", "timeout"}, "bad")},
                           rel);
  expect_keys_cover_params(g, DeriveColumn::map_values("event", {{"a", "x"}}, "token"),
                           {DeriveColumn::map_values("event", {{"a", "y"}}, "token"),
                            DeriveColumn::map_values("event", {{"b", "x"}}, "token"),
                            DeriveColumn::map_values("event", {{"a", "x"}, {"b", "x"}}, "token"),
                            DeriveColumn::flag("event", {"a"}, "token")},
                           rel);
}

TEST(OperatorKeys, Stateful) {
  Graph g;
  const auto rel = source<Relation>(g, "relation");
  const auto seq = source<Sequence>(g, "sequence");
  expect_keys_cover_params(g, Sequencify("session", "ts"), {Sequencify("sid", "ts"), Sequencify("session", "time")}, rel,
                           std::int64_t{10});
  expect_keys_cover_params(g, Relationalize("part"), {Relationalize("p")}, seq);
  expect_keys_cover_params(g, MergeSequences("ts"), {MergeSequences("time")}, seq, seq);
  expect_keys_cover_params(g, NGramCount(3), {NGramCount(4), NGramCount(3, "type")}, seq);
  expect_keys_cover_params(g, FilterSequence(Predicate::cohort("isp=ISP-1")),
                           {FilterSequence(Predicate::cohort("isp=ISP-3"))}, seq);
  auto longer = [](std::int64_t n) {
    return FilterSequence::parts(
        "longer_than", [n](const Relation& part) { return static_cast<std::int64_t>(part.num_rows()) > n; }, n);
  };
  expect_keys_cover_params(g, longer(3), {longer(4), FilterSequence::parts("other", [](const Relation&) { return true; })},
                           seq);
  // Epoch-second windows: 1.7e9 and 1.7e9 + 1 print alike at the default six digits.
  const double t0 = 1.7e9, t1 = 1.7e9 + 60;
  expect_keys_cover_params(g, FlowContext("login_start", "login_end", t0, t1, ""),
                           {FlowContext("open", "login_end", t0, t1, ""), FlowContext("login_start", "close", t0, t1, ""),
                            FlowContext("login_start", std::vector<std::string>{"login_end", "error"}, t0, t1, ""),
                            FlowContext("login_start", "login_end", t0 + 1, t1, ""),
                            FlowContext("login_start", "login_end", t0, t1 + 1, ""),
                            FlowContext("login_start", "login_end", t0, t1, "isp=ISP-1"),
                            FlowContext("login_start", "login_end", t0, t1, "", "type"),
                            FlowContext("login_start", "login_end", t0, t1, "", "event", "time")},
                           seq, rel);
  using Count = StatefulMap<std::int64_t, std::int64_t>;
  auto step = [](std::int64_t& s, const Relation&, std::size_t, std::vector<std::int64_t>& out) { out.push_back(++s); };
  const Count count("count", 0, step);
  expect_keys_cover_params(g, count, {Count("count", 1, step), Count("other", 0, step), count.bind(5)}, seq);
}

TEST(OperatorKeys, Statistical) {
  Graph g;
  const auto data = source<TreeData>(g, "tree_data");
  const auto tree = g.call(make_task("tree", [] { return DecisionTree(LeafFamily::kNormal, {TreeNode{}}, 0); }));
  using Tree = DecisionTreeRegressor;
  expect_keys_cover_params(g, Tree({}), {Tree({.family = LeafFamily::kBinomial}), Tree({.max_depth = 3}),
                                      Tree({.min_samples_leaf = 6})},
                           data);
  using Mle = SingleEntityMle;
  expect_keys_cover_params(g, Mle({}),
                           {Mle({.direction = Mle::Direction::kDecrease}), Mle({.sigma_shift = 2}),
                            Mle({.min_sigma = 1e-6}), Mle({.probability_floor = 1e-6}), Mle({.min_support = 1})},
                           tree, data);
  expect_keys_cover_params(g, TreeDataOf{{"isp"}, "ms", "count", "var"},
                           {TreeDataOf{{"isp", "city"}, "ms", "count", "var"}, TreeDataOf{{"isp"}, "p95", "count", "var"},
                            TreeDataOf{{"isp"}, "ms", "", "var"}, TreeDataOf{{"isp"}, "ms", "count", ""}},
                           source<Relation>(g, "relation"));
  expect_keys_cover_params(g, Lasso({}), {Lasso({.lambda = 0.02}), Lasso({.tolerance = 1e-9}), Lasso({.max_iterations = 5})},
                           source<Eigen::MatrixXd>(g, "x"), source<Eigen::VectorXd>(g, "y"));
  using Perm = PercentilePermutationTest;
  const auto sample = source<std::vector<double>>(g, "sample");
  expect_keys_cover_params(g, Perm({}), {Perm({.percentile = 95}), Perm({.permutations = 99}), Perm({.seed = 1})}, sample,
                           sample);
  expect_keys_cover_params(g, Adtributor({}), {Adtributor({.teep = 0.2}), Adtributor({.tep = 0.5}), Adtributor({.k = 4})},
                           source<AdtributorCube>(g, "cube"));
  const auto codes = source<CodeSequences>(g, "codes");
  expect_keys_cover_params(g, Minesweeper({}),
                           {Minesweeper({.max_length = 3}), Minesweeper({.min_support = 0.1}),
                            Minesweeper({.min_precision = 0.6}), Minesweeper({.remove_redundant = false}),
                            Minesweeper({.top_n = 5})},
                           codes, codes);
  expect_keys_cover_params(g, AhoCorasick({{1, 2}}), {AhoCorasick({{1, 3}}), AhoCorasick({{1, 2}, {2}})}, codes);
  expect_keys_cover_params(g, WelchTTest{}, {}, SampleSummary{2, 1, 1}, SampleSummary{3, 1, 1});
  expect_keys_cover_params(g, Pivot("session", "url", "ms"),
                           {Pivot("sid", "url", "ms"), Pivot("session", "path", "ms"), Pivot("session", "url", "failed"),
                            Pivot("session", "url", "ms", Pivot::Reduce::kSum),
                            Pivot("session", "url", "ms", Pivot::Reduce::kMean, -1)},
                           source<Relation>(g, "relation"));
}

// Plain-value arguments are hashed by content: different samples, different nodes.
TEST(OperatorKeys, PlainValueInputsAreHashedByContent) {
  Graph g;
  const WelchTTest t;
  EXPECT_NE(g.call(t, SampleSummary{2, 1, 1}, SampleSummary{3, 1, 1}).key(),
            g.call(t, SampleSummary{2, 1, 1}, SampleSummary{3, 1, 2}).key());
  const TreeData a{{std::vector<std::int32_t>{0}}, std::vector<double>{1}, {}, {}};
  const TreeData b{{std::vector<std::int32_t>{0}}, std::vector<double>{2}, {}, {}};
  EXPECT_NE(g.call(DecisionTreeRegressor({}), a).key(), g.call(DecisionTreeRegressor({}), b).key());
}

}  // namespace
}  // namespace moce
