// Shapley values: exact against a brute force over orderings, efficiency, and sampling.
#include <gtest/gtest.h>

#include <algorithm>
#include <numeric>

#include "eval/evaluate/shapley.hpp"

namespace moce::eval {
namespace {

// A hand-made game on 3 players: v({}) = 0, singles 1, 2, 0; pairs {0,1} = 4, {0,2} = 1, {1,2} = 3;
// all = 6 (two entries: the game and twice the game).
std::vector<double> game(Coalition s) {
  static const double v[8] = {0, 1, 2, 4, 0, 1, 3, 6};
  return {v[s], 2 * v[s]};
}

// Brute force: average marginal contribution over all n! orders.
std::vector<double> brute_force(int n, const ValueFn& value) {
  std::vector<int> order(static_cast<std::size_t>(n));
  std::iota(order.begin(), order.end(), 0);
  std::vector<double> phi(static_cast<std::size_t>(n), 0);
  int count = 0;
  do {
    Coalition s = 0;
    for (int p : order) {
      const double before = value(s)[0];
      s |= Coalition{1} << p;
      phi[static_cast<std::size_t>(p)] += value(s)[0] - before;
    }
    ++count;
  } while (std::next_permutation(order.begin(), order.end()));
  for (auto& x : phi) x /= count;
  return phi;
}

TEST(Shapley, ExactMatchesBruteForceByHand) {
  const auto exact = shapley_exact(3, 2, game);
  const auto brute = brute_force(3, game);
  // By hand over the 6 orders: phi0 = (1+1+2+3+1+3)/6, phi1 = (3+5+2+2+5+3)/6, phi2 = (2+0+2+1+0+0)/6.
  EXPECT_NEAR(exact.value[0][0], 11.0 / 6, 1e-12);
  EXPECT_NEAR(exact.value[1][0], 20.0 / 6, 1e-12);
  EXPECT_NEAR(exact.value[2][0], 5.0 / 6, 1e-12);
  for (int p = 0; p < 3; ++p) {
    EXPECT_NEAR(exact.value[p][0], brute[p], 1e-12);
    EXPECT_NEAR(exact.value[p][1], 2 * brute[p], 1e-12);
    EXPECT_EQ(exact.stderr_[p][0], 0.0);
  }
  EXPECT_EQ(exact.evaluations, 8u);
}

TEST(Shapley, ExactIsEfficientOnARandomGame) {
  const int n = 6;
  std::vector<double> v(1 << n);
  std::uint64_t x = 12345;
  for (auto& value : v) {
    x = x * 6364136223846793005ull + 1442695040888963407ull;
    value = static_cast<double>(x >> 40) / (1 << 24);
  }
  v[0] = 0.25;
  const ValueFn value = [&](Coalition s) { return std::vector<double>{v[s]}; };
  const auto exact = shapley_exact(n, 1, value);
  double sum = 0;
  for (int p = 0; p < n; ++p) sum += exact.value[p][0];
  EXPECT_NEAR(sum, v[(1 << n) - 1] - v[0], 1e-12);
  const auto brute = brute_force(n, value);
  for (int p = 0; p < n; ++p) EXPECT_NEAR(exact.value[p][0], brute[p], 1e-12);
}

TEST(Shapley, PermutationSamplingIsEfficientAndConverges) {
  const auto sampled = shapley_permutation(3, 2, game, 2000, 42);
  double sum = 0;
  for (int p = 0; p < 3; ++p) sum += sampled.value[p][0];
  EXPECT_NEAR(sum, 6.0, 1e-9);  // every order sums to v(all) - v(none)
  EXPECT_NEAR(sampled.value[0][0], 11.0 / 6, 0.15);
  EXPECT_NEAR(sampled.value[1][0], 20.0 / 6, 0.15);
  EXPECT_NEAR(sampled.value[2][0], 5.0 / 6, 0.15);
  EXPECT_GT(sampled.stderr_[0][0], 0.0);
  const auto again = shapley_permutation(3, 2, game, 2000, 42);
  EXPECT_EQ(again.value[1][0], sampled.value[1][0]);
}

TEST(Shapley, ANullPlayerGetsZero) {
  // Player 2 never changes the value.
  const ValueFn value = [](Coalition s) { return std::vector<double>{static_cast<double>(std::popcount(s & 3u))}; };
  const auto exact = shapley_exact(3, 1, value);
  EXPECT_NEAR(exact.value[2][0], 0.0, 1e-12);
  EXPECT_NEAR(exact.value[0][0], 1.0, 1e-12);
}

}  // namespace
}  // namespace moce::eval
