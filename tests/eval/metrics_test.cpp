// Scoring against hand-worked values.
#include <gtest/gtest.h>

#include <cmath>

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

namespace moce::eval {
namespace {

// The multi-dimensional RCA protocol, worked by hand: a cause is a TP when any of its
// alternatives is answered; every answer that names no cause is an FP; F1 = 2TP/(2TP+FP+FN).
TEST(SetCounts, HandWorkedCases) {
  // Causes a:1 and (b:2 | c:3); answers c:3 (TP), x:9 (FP), a:1 (TP).
  auto c = set_counts({"c:3", "x:9", "a:1"}, {"a:1", "b:2|c:3"});
  EXPECT_EQ(c.tp, 2u);
  EXPECT_EQ(c.fp, 1u);
  EXPECT_EQ(c.fn, 0u);
  EXPECT_DOUBLE_EQ(f1(c), 4.0 / 5.0);
  // Both alternatives of one cause answered: one TP, and neither answer is an FP.
  c = set_counts({"a:1", "b:1"}, {"a:1|b:1"});
  EXPECT_EQ(c.tp, 1u);
  EXPECT_EQ(c.fp, 0u);
  EXPECT_EQ(c.fn, 0u);
  // Nothing answered: one FN, F1 = 0. Summing with the first case gives micro F1 4/6.
  auto none = set_counts({}, {"a:1&b:2"});
  EXPECT_EQ(none.fn, 1u);
  EXPECT_DOUBLE_EQ(f1(none), 0.0);
  c = set_counts({"c:3", "x:9", "a:1"}, {"a:1", "b:2|c:3"});
  c += none;
  EXPECT_DOUBLE_EQ(f1(c), 4.0 / 6.0);
  // A combination is one element: its parts alone do not count.
  c = set_counts({"a:1", "b:2"}, {"a:1&b:2"});
  EXPECT_EQ(c.tp, 0u);
  EXPECT_EQ(c.fp, 2u);
  EXPECT_EQ(c.fn, 1u);
  // A null incident: every answer is an FP; no answer leaves F1 undefined.
  EXPECT_EQ(set_counts({"a:1"}, {}).fp, 1u);
  EXPECT_TRUE(std::isnan(f1(set_counts({}, {}))));
}

// score() fills the set counts from every lead it is given, past K.
TEST(SetCounts, ScoreUsesEveryLead) {
  std::vector<std::string> leads = {"x:1", "x:2", "x:3", "x:4", "x:5", "x:6", "x:7", "x:8", "x:9", "x:10", "a:1"};
  const Score s = score(leads, {"a:1"}, 5);
  EXPECT_EQ(s.set.tp, 1u);
  EXPECT_EQ(s.set.fp, 10u);
  EXPECT_DOUBLE_EQ(s.recall_at(5), 0.0);
}

// With an answer set of the first 2 leads, the set counts see x:1 (FP) and a:1 (TP), and miss b:1
// (FN), while recall reads the whole ranked list: b:1 at rank 4 counts for recall@5.
TEST(SetCounts, AnswerSetIsAPrefixOfTheRankedList) {
  const Score s = score({"x:1", "a:1", "x:2", "b:1"}, {"a:1", "b:1"}, 5, 2);
  EXPECT_EQ(s.set.tp, 1u);
  EXPECT_EQ(s.set.fp, 1u);
  EXPECT_EQ(s.set.fn, 1u);
  EXPECT_DOUBLE_EQ(s.recall_at(2), 0.5);
  EXPECT_DOUBLE_EQ(s.recall_at(5), 1.0);
  EXPECT_DOUBLE_EQ(s.precision, 0.5);
}

}  // namespace
}  // namespace moce::eval
