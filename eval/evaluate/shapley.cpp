#include "eval/evaluate/shapley.hpp"

#include <cmath>
#include <numeric>
#include <random>
#include <stdexcept>
#include <unordered_map>

namespace moce::eval {

ShapleyValues shapley_exact(int n, std::size_t entries, const ValueFn& value) {
  if (n < 0 || n > 24) throw std::invalid_argument("shapley_exact: 0..24 players");
  const Coalition all = (Coalition{1} << n);
  std::vector<std::vector<double>> v(all);
  for (Coalition s = 0; s < all; ++s) v[s] = value(s);
  // weight(|S|) = |S|! (n - |S| - 1)! / n!
  std::vector<double> weight(static_cast<std::size_t>(std::max(n, 1)));
  for (int s = 0; s < n; ++s) {
    double w = 1.0 / n;
    // 1 / (n * C(n-1, s))
    double c = 1;
    for (int i = 1; i <= s; ++i) c = c * (n - 1 - s + i) / i;
    weight[static_cast<std::size_t>(s)] = w / c;
  }
  ShapleyValues out;
  out.value.assign(static_cast<std::size_t>(n), std::vector<double>(entries, 0));
  out.stderr_.assign(static_cast<std::size_t>(n), std::vector<double>(entries, 0));
  out.evaluations = all;
  for (int p = 0; p < n; ++p) {
    const Coalition bit = Coalition{1} << p;
    for (Coalition s = 0; s < all; ++s) {
      if (s & bit) continue;
      const double w = weight[static_cast<std::size_t>(std::popcount(s))];
      for (std::size_t e = 0; e < entries; ++e) out.value[p][e] += w * (v[s | bit][e] - v[s][e]);
    }
  }
  return out;
}

ShapleyValues shapley_permutation(int n, std::size_t entries, const ValueFn& value, std::size_t permutations,
                                  std::uint64_t seed) {
  std::unordered_map<Coalition, std::vector<double>> memo;
  auto v = [&](Coalition s) -> const std::vector<double>& {
    auto it = memo.find(s);
    if (it == memo.end()) it = memo.emplace(s, value(s)).first;
    return it->second;
  };
  const auto un = static_cast<std::size_t>(n);
  std::vector<std::vector<double>> sum(un, std::vector<double>(entries, 0)), sum2 = sum;
  std::mt19937_64 rng(seed);
  std::vector<int> order(un);
  for (std::size_t m = 0; m < permutations; ++m) {
    std::iota(order.begin(), order.end(), 0);
    // Fisher-Yates with rng() % (i + 1): the same order on every standard library.
    for (std::size_t i = un; i > 1; --i) std::swap(order[i - 1], order[static_cast<std::size_t>(rng() % i)]);
    Coalition s = 0;
    std::vector<double> before = v(s);
    for (int p : order) {
      s |= Coalition{1} << p;
      const std::vector<double> after = v(s);
      for (std::size_t e = 0; e < entries; ++e) {
        const double d = after[e] - before[e];
        sum[p][e] += d;
        sum2[p][e] += d * d;
      }
      before = after;
    }
  }
  ShapleyValues out;
  out.value.assign(un, std::vector<double>(entries, 0));
  out.stderr_.assign(un, std::vector<double>(entries, 0));
  out.evaluations = memo.size();
  if (permutations == 0) return out;
  const double m = static_cast<double>(permutations);
  for (std::size_t p = 0; p < un; ++p)
    for (std::size_t e = 0; e < entries; ++e) {
      const double mu = sum[p][e] / m;
      out.value[p][e] = mu;
      if (permutations > 1) {
        const double var = std::max(0.0, (sum2[p][e] - m * mu * mu) / (m - 1));
        out.stderr_[p][e] = std::sqrt(var / m);
      }
    }
  return out;
}

}  // namespace moce::eval
