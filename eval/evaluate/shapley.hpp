// Shapley values (Figure 11): the average marginal gain of adding a player (an expert, or a
// family of experts) to a random coalition. value(mask) returns several values at once (e.g.
// recall@5 and precision, per category); a player's i-th Shapley value uses the i-th entry.
// Both methods satisfy efficiency: the values sum to value(all) - value(none).
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

namespace moce::eval {

using Coalition = std::uint64_t;  // bit p set = player p is in
using ValueFn = std::function<std::vector<double>(Coalition)>;

struct ShapleyValues {
  std::vector<std::vector<double>> value;   // [player][entry]
  std::vector<std::vector<double>> stderr_;  // [player][entry]; 0 for exact
  std::size_t evaluations = 0;              // distinct coalitions evaluated
};

// Exact, over all 2^n coalitions (n <= 24); `entries` is the size of value()'s result.
ShapleyValues shapley_exact(int n, std::size_t entries, const ValueFn& value);
// Monte Carlo over `permutations` random orders (seeded); standard error of the mean marginal.
ShapleyValues shapley_permutation(int n, std::size_t entries, const ValueFn& value, std::size_t permutations,
                                  std::uint64_t seed);

}  // namespace moce::eval
