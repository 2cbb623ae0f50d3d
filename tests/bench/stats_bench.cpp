// Benchmarks of the statistical operators (Omega): lasso and tree fits at 10^6 rows,
// Aho-Corasick throughput, Welch's t-test at 10^6 vs 10^6, Minesweeper on 5000 sessions, the cube
// scan on RS-sized and larger cubes.
#include <benchmark/benchmark.h>

#include <random>
#include <vector>

#include "operators/stats/aho_corasick.hpp"
#include "operators/stats/cube_scan.hpp"
#include "operators/stats/decision_tree.hpp"
#include "operators/stats/lasso.hpp"
#include "operators/stats/minesweeper.hpp"
#include "operators/stats/permutation_test.hpp"
#include "operators/stats/welch_t_test.hpp"

namespace moce {
namespace {

constexpr int kRows = 1'000'000;

void BM_LassoFit(benchmark::State& state) {
  const int p = static_cast<int>(state.range(0));
  std::mt19937_64 rng(1);
  std::normal_distribution<double> normal;
  Eigen::MatrixXd x(kRows, p);
  for (int j = 0; j < p; ++j)
    for (int i = 0; i < kRows; ++i) x(i, j) = normal(rng) * (j + 1) + j;
  Eigen::VectorXd beta = Eigen::VectorXd::Zero(p);
  for (int j = 0; j < p; j += 4) beta[j] = 1.0 / (j + 1);
  Eigen::VectorXd y = x * beta;
  for (int i = 0; i < kRows; ++i) y[i] += 0.5 * normal(rng);
  const Lasso lasso({.lambda = 0.01, .tolerance = 1e-8, .max_iterations = 10000});
  for (auto _ : state) benchmark::DoNotOptimize(lasso.fit(x, y));
  state.SetItemsProcessed(state.iterations() * kRows);
}
BENCHMARK(BM_LassoFit)->Arg(20)->Unit(benchmark::kMillisecond);

void BM_TreeFit(benchmark::State& state) {
  std::mt19937_64 rng(2);
  std::vector<std::vector<std::int32_t>> attributes(8);
  std::vector<double> values(kRows);
  std::normal_distribution<double> normal(100, 10);
  for (std::size_t a = 0; a < attributes.size(); ++a) {
    std::uniform_int_distribution<std::int32_t> code(0, static_cast<std::int32_t>(10 + 5 * a) - 1);  // 10..45 values
    attributes[a].resize(kRows);
    for (auto& c : attributes[a]) c = code(rng);
  }
  for (int i = 0; i < kRows; ++i)
    values[static_cast<std::size_t>(i)] = normal(rng) + (attributes[3][static_cast<std::size_t>(i)] == 7 ? 30 : 0);
  TreeData data;
  for (const auto& a : attributes) data.attributes.emplace_back(a);
  data.values = values;
  const DecisionTreeRegressor regressor({.family = LeafFamily::kNormal, .max_depth = 2});
  for (auto _ : state) benchmark::DoNotOptimize(regressor.fit(data));
  state.SetItemsProcessed(state.iterations() * kRows);
}
BENCHMARK(BM_TreeFit)->Unit(benchmark::kMillisecond);

void BM_AhoCorasick(benchmark::State& state) {
  std::mt19937_64 rng(3);
  std::uniform_int_distribution<std::int32_t> event(0, 99);
  std::uniform_int_distribution<int> length(2, 4);
  std::vector<std::vector<std::int32_t>> patterns(200);
  for (auto& p : patterns) {
    p.resize(static_cast<std::size_t>(length(rng)));
    for (auto& c : p) c = event(rng) % 20;  // patterns over the 20 commonest events
  }
  std::vector<std::int32_t> codes(kRows);
  for (auto& c : codes) c = event(rng) % (event(rng) < 50 ? 20 : 100);
  std::vector<std::int64_t> offsets;
  for (std::int64_t at = 0; at <= kRows; at += 200) offsets.push_back(at);  // 5000 sessions of 200
  const AhoCorasick ac(patterns);
  const CodeSequences sessions{codes, offsets};
  for (auto _ : state) benchmark::DoNotOptimize(ac.sequences_containing(sessions));
  state.SetItemsProcessed(state.iterations() * kRows);  // events per second
}
BENCHMARK(BM_AhoCorasick)->Unit(benchmark::kMillisecond);

void BM_WelchTTest(benchmark::State& state) {
  std::mt19937_64 rng(4);
  std::lognormal_distribution<double> draw(3, 1);
  std::vector<double> a(kRows), b(kRows);
  for (auto& v : a) v = draw(rng);
  for (auto& v : b) v = draw(rng) * 1.01;
  for (auto _ : state) benchmark::DoNotOptimize(WelchTTest{}.run(a, b));
  state.SetItemsProcessed(state.iterations() * 2 * kRows);
}
BENCHMARK(BM_WelchTTest)->Unit(benchmark::kMillisecond);

void BM_PercentilePermutationTest(benchmark::State& state) {
  std::mt19937_64 rng(5);
  std::lognormal_distribution<double> draw(3, 1);
  std::vector<double> a(5000), b(5000);
  for (auto& v : a) v = draw(rng);
  for (auto& v : b) v = draw(rng);
  const PercentilePermutationTest test({.percentile = 95, .permutations = 1000, .seed = 1});
  for (auto _ : state) benchmark::DoNotOptimize(test.run(a, b));
}
BENCHMARK(BM_PercentilePermutationTest)->Unit(benchmark::kMillisecond);

void BM_Minesweeper(benchmark::State& state) {
  // 5000 sampled sessions (the paper's n), 30 events each over 40 event types, a quarter failing.
  std::mt19937_64 rng(6);
  std::uniform_int_distribution<std::int32_t> event(0, 39);
  std::vector<std::int32_t> fail_codes, ok_codes;
  std::vector<std::int64_t> fail_offsets = {0}, ok_offsets = {0};
  for (int s = 0; s < 5000; ++s) {
    const bool failing = s % 4 == 0;
    auto& codes = failing ? fail_codes : ok_codes;
    for (int k = 0; k < 30; ++k) codes.push_back(failing && k == 10 ? 7 : event(rng));
    (failing ? fail_offsets : ok_offsets).push_back(static_cast<std::int64_t>(codes.size()));
  }
  const Minesweeper ms({.max_length = 3, .min_support = 0.1});
  const CodeSequences test{fail_codes, fail_offsets}, control{ok_codes, ok_offsets};
  for (auto _ : state) benchmark::DoNotOptimize(ms.run(test, control));
}
BENCHMARK(BM_Minesweeper)->Unit(benchmark::kMillisecond);

// The cube scan over `leaves` random leaves of 6 attributes of 8 values (RS incidents have 5-7
// attributes and a few hundred to a few thousand leaves); one planted pair moves 3x.
void BM_CubeScan(benchmark::State& state) {
  const auto leaves = static_cast<std::size_t>(state.range(0));
  std::mt19937_64 rng(7);
  std::uniform_int_distribution<std::int32_t> value(0, 7);
  std::uniform_real_distribution<double> forecast(1, 100);
  std::vector<std::vector<std::int32_t>> columns(6, std::vector<std::int32_t>(leaves));
  std::vector<double> f(leaves), a(leaves);
  for (std::size_t i = 0; i < leaves; ++i) {
    for (auto& column : columns) column[i] = value(rng);
    f[i] = forecast(rng);
    a[i] = f[i] * (columns[0][i] == 1 && columns[3][i] == 2 ? 3.0 : 1.0);
  }
  const std::vector<std::span<const std::int32_t>> codes(columns.begin(), columns.end());
  for (auto _ : state) benchmark::DoNotOptimize(cube_scan(codes, f, a, +1));
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(leaves));
}
BENCHMARK(BM_CubeScan)->Arg(500)->Arg(5000)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace moce
