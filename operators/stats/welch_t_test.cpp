// Welch's t-test on sample summaries.
#include "operators/stats/welch_t_test.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "operators/stats/special_functions.hpp"
#include "runtime/error.hpp"

namespace moce {

SampleSummary summarize(std::span<const double> values, std::span<const double> weights) {
  MOCE_ASSERT(weights.empty() || weights.size() == values.size(), "summarize: ", values.size(),
              " values but ", weights.size(), " weights");
  auto weight = [&](std::size_t i) { return weights.empty() ? 1.0 : weights[i]; };
  SampleSummary s;
  double sum = 0;
  for (std::size_t i = 0; i < values.size(); ++i) {
    s.count += weight(i);
    sum += weight(i) * values[i];
  }
  if (s.count <= 0) return s;
  s.mean = sum / s.count;
  double squares = 0;
  for (std::size_t i = 0; i < values.size(); ++i) {
    const double d = values[i] - s.mean;
    squares += weight(i) * d * d;
  }
  s.variance = s.count > 1 ? squares / (s.count - 1) : std::numeric_limits<double>::quiet_NaN();
  return s;
}

TTestResult WelchTTest::run(const SampleSummary& a, const SampleSummary& b) const {
  constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
  TTestResult r;
  r.mean_difference = a.mean - b.mean;
  if (a.count < 2 || b.count < 2) {
    r.t = r.df = r.p_two_sided = r.p_greater = r.p_less = kNaN;
    return r;
  }
  const double va = a.variance / a.count;
  const double vb = b.variance / b.count;
  const double se2 = va + vb;
  if (se2 == 0) {
    r.df = kNaN;
    if (r.mean_difference == 0) {
      r.t = 0;
      r.p_two_sided = r.p_greater = r.p_less = 1.0;
    } else {
      const bool up = r.mean_difference > 0;
      r.t = up ? std::numeric_limits<double>::infinity() : -std::numeric_limits<double>::infinity();
      r.p_two_sided = 0;
      r.p_greater = up ? 0.0 : 1.0;
      r.p_less = up ? 1.0 : 0.0;
    }
    return r;
  }
  r.t = r.mean_difference / std::sqrt(se2);
  r.df = se2 * se2 / (va * va / (a.count - 1) + vb * vb / (b.count - 1));
  r.p_greater = student_t_sf(r.t, r.df);
  r.p_less = student_t_sf(-r.t, r.df);
  // The smaller tail is computed directly, so doubling it keeps tiny p-values exact.
  r.p_two_sided = std::min(1.0, 2.0 * std::min(r.p_greater, r.p_less));
  return r;
}

TTestResult WelchTTest::run(std::span<const double> a, std::span<const double> b) const {
  return run(summarize(a), summarize(b));
}

}  // namespace moce
