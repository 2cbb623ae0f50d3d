// The HotNets lifecycle expert: returning or first-session users failing, and silence on nulls.
#include <gtest/gtest.h>

#include "experts/hotnets/lifecycle.hpp"
#include "tests/experts_cohort/cohort_incidents.hpp"
#include "tests/support/test_support.hpp"

namespace moce::test {
namespace {

using experts::Lifecycle;


TEST(Lifecycle, ReturningUsersFailing) {
  TempDir dir;
  const auto leads = run_expert(Lifecycle(nullptr), lifecycle_incident(KpiKind::kBinary, true, 11).open(dir.path().string()));
  ASSERT_EQ(leads.size(), 1u);
  EXPECT_EQ(leads.leads[0].id, "lifecycle:returning");
  // Failure rate 5% -> about 0.5 * 40% + 5% = 23% for returning users: a gap that grows well
  // beyond 25% of all users' failure rate, and a strong shift.
  EXPECT_GT(leads.leads[0].evidence.get("gap_growth"), 0.25);
  EXPECT_GT(leads.leads[0].evidence.get("z_diff_in_diff"), 5);
  EXPECT_GT(leads.leads[0].confidence, 0.5);
}

TEST(Lifecycle, FirstSessionsSlow) {
  TempDir dir;
  const auto leads = run_expert(Lifecycle(nullptr), lifecycle_incident(KpiKind::kReal, false, 12).open(dir.path().string()));
  ASSERT_EQ(leads.size(), 1u);
  EXPECT_EQ(leads.leads[0].id, "lifecycle:first_session");
  // First sessions: 1000 -> about 1300 ms while all users go to about 1090: gap 0 -> ~0.2.
  EXPECT_NEAR(leads.leads[0].evidence.get("gap_hist"), 0, 0.05);
}

TEST(Lifecycle, NullIncidentWithDriftGivesNoLead) {
  for (auto kind : {KpiKind::kReal, KpiKind::kBinary})
    for (std::uint64_t seed : {1, 2, 3}) {
      TempDir dir;
      const auto leads = run_expert(Lifecycle(nullptr), null_incident("null", kind, seed).open(dir.path().string()));
      EXPECT_TRUE(leads.empty()) << to_string(kind) << " seed " << seed << ": " << leads.leads[0].id;
    }
}

TEST(Lifecycle, NotApplicableWithoutSessionIndex) {
  TempDir dir;
  auto input = null_incident("null", KpiKind::kReal, 1, 50, 10).open(dir.path().string());
  EXPECT_EQ(Lifecycle(nullptr).applicability(input), "");
  input.schema.has_session_index = false;
  EXPECT_NE(Lifecycle(nullptr).applicability(input), "");
}

}  // namespace
}  // namespace moce::test
