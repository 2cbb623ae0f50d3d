// Scoring against hand-worked values.
#include <gtest/gtest.h>

#include "eval/evaluate/metrics.hpp"

namespace moce::eval {
namespace {

TEST(Metrics, RecallAndPrecisionOfOneCause) {
  const std::vector<std::string> leads = {"isp:a", "url:/x", "city:c"};
  const Score s = score(leads, {"url:/x"}, 5);
  EXPECT_FALSE(s.null);
  EXPECT_DOUBLE_EQ(s.recall_at(1), 0.0);
  EXPECT_DOUBLE_EQ(s.recall_at(2), 1.0);
  EXPECT_DOUBLE_EQ(s.recall_at(5), 1.0);
  EXPECT_DOUBLE_EQ(s.recall_at(10), 1.0);
  EXPECT_DOUBLE_EQ(s.precision, 0.5);
}

TEST(Metrics, AbsentCauseScoresZero) {
  const Score s = score({"isp:a", "isp:b"}, {"url:/x"}, 5);
  EXPECT_DOUBLE_EQ(s.recall_at(5), 0.0);
  EXPECT_DOUBLE_EQ(s.precision, 0.0);
}

TEST(Metrics, PrecisionCountsOnlyTheFirstKLeads) {
  std::vector<std::string> leads = {"a:1", "a:2", "a:3", "a:4", "a:5", "a:6", "url:/x"};
  const Score s = score(leads, {"url:/x"}, 5);
  EXPECT_DOUBLE_EQ(s.recall_at(5), 0.0);
  EXPECT_DOUBLE_EQ(s.recall_at(7), 1.0);
  EXPECT_DOUBLE_EQ(s.precision, 0.0);
  EXPECT_DOUBLE_EQ(score(leads, {"url:/x"}, 7).precision, 1.0 / 7);
}

TEST(Metrics, SeveralCausesScoreTheShareFound) {
  // Causes: url:/x (rank 3) and isp:b (absent) and city:c (rank 1).
  const Score s = score({"city:c", "isp:a", "url:/x"}, {"url:/x", "isp:b", "city:c"}, 5);
  EXPECT_DOUBLE_EQ(s.recall_at(1), 1.0 / 3);
  EXPECT_DOUBLE_EQ(s.recall_at(2), 1.0 / 3);
  EXPECT_DOUBLE_EQ(s.recall_at(3), 2.0 / 3);
  EXPECT_DOUBLE_EQ(s.recall_at(5), 2.0 / 3);
  EXPECT_DOUBLE_EQ(s.precision, 1.0);  // the first found cause is at rank 1
}

TEST(Metrics, AlternativesCountOnce) {
  // One cause with two equivalent ids; both listed: the cause is found once, at rank 2.
  const Score s = score({"isp:a", "app_version:8.1", "device:x&app_version:8.1"}, {"app_version:8.1|device:x&app_version:8.1"}, 5);
  EXPECT_DOUBLE_EQ(s.recall_at(1), 0.0);
  EXPECT_DOUBLE_EQ(s.recall_at(2), 1.0);
  EXPECT_DOUBLE_EQ(s.recall_at(3), 1.0);
  EXPECT_DOUBLE_EQ(s.precision, 0.5);
  EXPECT_EQ(split_alternatives("a:1|b:2"), (std::vector<std::string>{"a:1", "b:2"}));
}

TEST(Metrics, NullIncidentsCountFalseAlarms) {
  const Score quiet = score({}, {}, 5);
  EXPECT_TRUE(quiet.null);
  EXPECT_FALSE(quiet.false_alarm);
  const Score alarm = score({"isp:a"}, {}, 5);
  EXPECT_TRUE(alarm.null);
  EXPECT_TRUE(alarm.false_alarm);
}

TEST(Metrics, BootstrapIsSeededAndBracketsTheMean) {
  const std::vector<double> v = {0, 1, 1, 0, 1, 1, 1, 0, 1, 1};
  const auto a = bootstrap_mean(v, 1000, 7), b = bootstrap_mean(v, 1000, 7);
  EXPECT_EQ(a.lo, b.lo);
  EXPECT_EQ(a.hi, b.hi);
  EXPECT_LE(a.lo, mean(v));
  EXPECT_GE(a.hi, mean(v));
  EXPECT_LT(a.lo, a.hi);
  const auto constant = bootstrap_mean({1, 1, 1}, 100, 1);
  EXPECT_EQ(constant.lo, 1.0);
  EXPECT_EQ(constant.hi, 1.0);
  EXPECT_NE(derive_seed(1, "a"), derive_seed(1, "b"));
  EXPECT_NE(derive_seed(1, "a"), derive_seed(2, "a"));
}

}  // namespace
}  // namespace moce::eval
