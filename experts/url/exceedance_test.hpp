// The exact, rank-based test behind the p75/p95 URL experts: "does the anomaly window's upper
// tail reach above the historical q-th percentile more often than chance?" Every value is used,
// nothing is sampled or permuted.
//
// Let x_(k) be the historical sample's k-th order statistic, k = ceil(q/100 m) (its q-th
// percentile, m values), and J the number of the n anomaly values strictly above it. With no shift,
// the pooled ranks are a uniformly random arrangement of m historical and n anomaly values, and
// (n - j anomaly values before the k-th historical one, j after it)
//   P(J = j) = C(k - 1 + n - j, n - j) C(m - k + j, j) / C(m + n, n).
// The p-value is P(J >= j observed). Ties with x_(k) count as not above, which can only lower J,
// so with tied data the test stays valid (conservative). Cost: one nth_element and a sum of at
// most n + 1 terms.
#pragma once

#include <cstdint>
#include <span>

namespace moce::experts {

struct Exceedance {
  double threshold = 0;     // x_(k), the historical q-th percentile (lower order statistic)
  std::int64_t above = 0;   // anomaly values strictly above it (J)
  double expected = 0;      // E[J] under no shift: n (m - k + 1) / (m + 1)
  double p = 1;             // P(J >= above)
};

// One-sided exceedance test; both samples non-empty, q in (0, 100).
Exceedance exceedance_test(std::span<const double> anomaly, std::span<const double> historical, double q);

// P(J >= j) of the distribution above, for m historical values, n anomaly values and order k.
double exceedance_p(std::int64_t m, std::int64_t n, std::int64_t k, std::int64_t j);

}  // namespace moce::experts
