// The exact exceedance test against a brute force over every arrangement of the pooled ranks.
#include "experts/url/exceedance_test.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <vector>

namespace moce::experts {
namespace {

// P(J >= j) by enumerating every choice of which pooled ranks are anomaly values (all equally
// likely under no shift): J counts the anomaly ranks above the k-th historical rank.
double brute_force_p(int m, int n, int k, int j) {
  std::vector<char> is_anomaly(static_cast<std::size_t>(m + n), 0);
  std::fill(is_anomaly.end() - n, is_anomaly.end(), 1);
  long hits = 0, total = 0;
  do {
    int seen_hist = 0, above = 0;
    for (char a : is_anomaly) {
      if (a) above += seen_hist >= k ? 1 : 0;
      else ++seen_hist;
    }
    hits += above >= j ? 1 : 0;
    ++total;
  } while (std::next_permutation(is_anomaly.begin(), is_anomaly.end()));
  return static_cast<double>(hits) / static_cast<double>(total);
}

TEST(ExceedanceTest, MatchesBruteForce) {
  for (int m : {3, 6, 8})
    for (int n : {1, 4, 6})
      for (int k = 1; k <= m; ++k)
        for (int j = 0; j <= n + 1; ++j)
          EXPECT_NEAR(exceedance_p(m, n, k, j), brute_force_p(m, n, k, j), 1e-12) << m << " " << n << " " << k << " " << j;
}

TEST(ExceedanceTest, CountsStrictlyAboveTheHistoricalPercentile) {
  // Historical 1..10: ceil(0.75 * 10) = 8th value = 8. Anomaly 8, 9, 12, 3: 9 and 12 are above.
  const std::vector<double> hist = {10, 1, 9, 2, 8, 3, 7, 4, 6, 5}, anomaly = {8, 9, 12, 3};
  const Exceedance e = exceedance_test(anomaly, hist, 75);
  EXPECT_EQ(e.threshold, 8);
  EXPECT_EQ(e.above, 2);
  EXPECT_NEAR(e.expected, 4.0 * 3 / 11, 1e-12);
  EXPECT_NEAR(e.p, brute_force_p(10, 4, 8, 2), 1e-12);
}

TEST(ExceedanceTest, RejectsEmptySamples) {
  const std::vector<double> some = {1, 2};
  EXPECT_THROW(exceedance_test({}, some, 95), std::exception);
  EXPECT_THROW(exceedance_test(some, {}, 95), std::exception);
}

}  // namespace
}  // namespace moce::experts
