// Welch's unequal-variance t-test (appendix A.3, "testing mean and variance using t-tests"):
// t statistic, Welch-Satterthwaite degrees of freedom and exact Student-t p-values.
#pragma once

#include <span>
#include <string_view>

#include "runtime/dag/hash.hpp"

namespace moce {

// Summary of one sample; `count` may be a sum of frequency weights (A.3: "samples can be
// optionally weighted by their frequencies"). `variance` is the unbiased (count - 1) estimate.
struct SampleSummary {
  double count = 0;
  double mean = 0;
  double variance = 0;
  void hash_append(Hasher& h) const {
    h.add(count);
    h.add(mean);
    h.add(variance);
  }
};

// Mean and unbiased variance by two passes; `weights`, if not empty, are frequency weights
// (same length as `values`).
SampleSummary summarize(std::span<const double> values, std::span<const double> weights = {});

struct TTestResult {
  double mean_difference = 0;  // mean(a) - mean(b)
  double t = 0;
  double df = 0;
  double p_two_sided = 0;
  double p_greater = 0;  // H1: mean(a) > mean(b)
  double p_less = 0;     // H1: mean(a) < mean(b)
};

// Welch's test of mean(a) vs mean(b), as scipy.stats.ttest_ind(a, b, equal_var=False).
// Edge cases (expected outcomes, not errors): a sample with count < 2 gives NaN t, df and
// p-values; two samples with zero variance give t = +-inf and p = 0 when the means differ, and
// t = 0, p = 1 when they are equal (no evidence of a difference).
class WelchTTest {
 public:
  static constexpr std::string_view kName = "welch_t_test";
  std::string_view name() const { return kName; }  // no parameters
  TTestResult run(const SampleSummary& a, const SampleSummary& b) const;
  TTestResult run(std::span<const double> a, std::span<const double> b) const;
};

}  // namespace moce
