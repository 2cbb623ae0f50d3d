// Permutation test for a difference of percentiles between two samples (appendix A.3, "testing
// higher percentiles of the distribution using permutation tests"), with seeded permutations.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

#include "runtime/dag/hash.hpp"

namespace moce {

// The q-th percentile (q in [0, 100]) with linear interpolation between order statistics, as
// numpy.percentile's default: h = (n - 1) q / 100, x[floor h] + frac(h) (x[floor h + 1] - x[floor h]).
// `values` must not be empty; NaN values are not allowed.
double percentile(std::span<const double> values, double q);

struct PermutationResult {
  double statistic = 0;  // percentile(a) - percentile(b)
  double p_two_sided = 1;
  double p_greater = 1;  // H1: percentile(a) > percentile(b)
  double p_less = 1;     // H1: percentile(a) < percentile(b)
  std::int64_t permutations = 0;
};

// Pools a and b, draws `permutations` random relabellings (Fisher-Yates with a bounded draw
// by rejection from std::mt19937_64(seed), so the sequence is the same on every platform), and
// recomputes the statistic T* on each. The p-value estimator counts the observed labelling as
// one of the permutations, so it is never 0:
//   p = (1 + #{T* extreme}) / (1 + B),
// extreme meaning T* >= T (greater), T* <= T (less), |T*| >= |T| (two-sided). Statistics equal to
// T up to 1e-12 of the data's magnitude count as extreme, so ties from rounding are not lost.
class PercentilePermutationTest {
 public:
  struct Params {
    double percentile = 50;
    std::int64_t permutations = 1000;
    std::uint64_t seed = 0;
    void hash_append(Hasher& h) const {
      h.add(percentile);
      h.add(permutations);
      h.add(seed);
    }
  };
  static constexpr std::string_view kName = "percentile_permutation_test";

  // Throws ConfigError on a percentile outside [0, 100] or permutations < 1.
  explicit PercentilePermutationTest(Params params);
  const Params& params() const { return params_; }
  std::string_view name() const { return kName; }
  void hash_params(Hasher& h) const { h.add(params_); }

  // Both samples need at least one value (bug otherwise).
  // In a graph, a and b are Lazy<std::vector<double>> (owning) or plain vectors.
  PermutationResult run(std::span<const double> a, std::span<const double> b) const;

 private:
  Params params_;
};

}  // namespace moce
