// The server-log expert on hand-built incidents (pattern_incidents.hpp: log_incident).
#include <gtest/gtest.h>

#include "experts/log/log_error.hpp"
#include "experts/log/log_series.hpp"
#include "tests/experts_patterns/pattern_incidents.hpp"
#include "tests/support/test_support.hpp"

namespace moce::test {
namespace {

TEST(LogError, TrackingTemplateFirstDespiteHistoryBursts) {
  TempDir dir;
  const auto input = patterns::log_incident(/*cause=*/true).open(dir.path().string());
  const experts::LogError expert(nullptr);
  ASSERT_EQ(expert.applicability(input), "");
  const auto leads = run_expert(expert, input);
  ASSERT_EQ(rank_of(leads, "log:quota exceeded <*>"), 1u);
  // "upstream reset" bursts in the history and is flat in the anomaly: no rise, no lead; "request
  // served" is not an error level.
  EXPECT_EQ(rank_of(leads, "log:upstream reset <*>"), 0u);
  EXPECT_EQ(rank_of(leads, "log:request served <*>"), 0u);
  const auto& e = leads.leads[0].evidence;
  // History: one line every 4th minute plus the 6-minute burst of 10, (75 + 60) lines over 60
  // five-minute bins; its median bin holds the background only: minutes 0, 4 / 8, 12 / ... = 1
  // or 2 lines a bin, median 1.
  EXPECT_NEAR(e.get("hist_per_bin"), 135.0 / 60.0, 1e-12);
  EXPECT_EQ(e.get("hist_median_per_bin"), 1);
  EXPECT_EQ(e.get("templates_tested"), 2);  // both error templates, "ERROR" matched too
  EXPECT_GT(leads.leads[0].confidence, 0.5);
  EXPECT_LE(leads.leads[0].confidence, 1.0);
}

TEST(LogError, NullIncidentGivesNoLead) {
  TempDir dir;
  const auto input = patterns::log_incident(/*cause=*/false).open(dir.path().string());
  EXPECT_TRUE(run_expert(experts::LogError(nullptr), input).empty());
}

TEST(LogError, SkipsIncidentsWithoutLogs) {
  TempDir dir;
  const auto input = patterns::form_null().open(dir.path().string());
  EXPECT_NE(experts::LogError(nullptr).applicability(input), "");
}

TEST(LogSeries, CorrelationAndWindowDemeaningByHand) {
  const std::vector<double> x{1, 2, 3, 4}, y{2, 4, 6, std::nan("")};
  std::size_t points = 0;
  EXPECT_NEAR(experts::log_series::correlation(x, y, &points), 1.0, 1e-12);
  EXPECT_EQ(points, 3u);
  // A pure step between the windows leaves nothing inside them.
  std::vector<double> sx{0, 0, 5, 5}, sy{1, 1, 3, 3};
  experts::log_series::demean_windows(sx, sy, 2);
  EXPECT_EQ(sx, (std::vector<double>{0, 0, 0, 0}));
  EXPECT_EQ(sy, (std::vector<double>{0, 0, 0, 0}));
}

}  // namespace
}  // namespace moce::test
