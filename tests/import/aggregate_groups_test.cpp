// Cohort-aggregate telemetry is first-class: one incident stored as sessions and, separately, as
// its aggregate table (one bucket per session: count 1, sum = KPI, sumsq = KPI^2) gives the cohort
// experts and the lifecycle expert the same leads, and the router sends an aggregate-only
// incident to the experts that need cohort statistics alone.
#include <gtest/gtest.h>

#include "experts/beyond/cohort_lattice.hpp"
#include "experts/cohort/cohort_adtributor.hpp"
#include "experts/cohort/cohort_differential.hpp"
#include "experts/cohort/cohort_mle.hpp"
#include "experts/hotnets/lifecycle.hpp"
#include "experts/log/log_error.hpp"
#include "experts/mixture/router.hpp"
#include "experts/url/url_mle.hpp"
#include "tests/experts_support/incident_builder.hpp"
#include "tests/import/aggregate_incident.hpp"
#include "tests/support/test_support.hpp"

namespace moce {
namespace {

TEST(AggregateTelemetry, CohortExpertsGiveTheSameLeadsAsOnSessions) {
  test::TempDir dir;
  test::IncidentBuilder b("agg", "failed", KpiKind::kBinary, /*higher_is_better=*/false);
  b.attributes({"isp"}).truth("isp:B");
  const auto data = test::aggregate_rows(b);
  for (const auto& r : data) {
    test::TestSession s;
    s.start = r.start;
    s.attrs = {r.isp};
    s.kpi = {r.failed};
    s.session_index = r.index;
    b.session(s);
  }
  const auto on_sessions = b.open(dir.path().string());
  auto reader = std::make_shared<const CorpusReader>(test::write_aggregates(dir.file("agg.h5"), b.spec(), data));
  const auto on_aggregates = experts::open_incident(reader, read_incident_index(*reader).at(0), test::world());
  EXPECT_FALSE(on_aggregates.schema.has_sessions);
  EXPECT_TRUE(on_aggregates.schema.has_aggregates && on_aggregates.schema.has_session_index);

  const experts::CohortDifferential differential(nullptr);
  const experts::CohortMle mle(nullptr);
  const experts::CohortAdtributor adtributor(nullptr);
  const experts::CohortLattice lattice(nullptr);
  const experts::Lifecycle lifecycle(nullptr);
  for (const experts::Expert* e : std::initializer_list<const experts::Expert*>{&differential, &mle, &adtributor,
                                                                                 &lattice, &lifecycle}) {
    const auto want = test::run_expert(*e, on_sessions);
    const auto got = test::run_expert(*e, on_aggregates);
    ASSERT_EQ(got.size(), want.size()) << e->name();
    for (std::size_t i = 0; i < want.size(); ++i) {
      EXPECT_EQ(got.leads[i].id, want.leads[i].id) << e->name();
      EXPECT_NEAR(got.leads[i].confidence, want.leads[i].confidence, 1e-9) << e->name();
    }
  }
  // The data plants both causes; the experts see them through the aggregates.
  EXPECT_EQ(test::rank_of(test::run_expert(differential, on_aggregates), "isp:B"), 1u);
  EXPECT_EQ(test::rank_of(test::run_expert(lifecycle, on_aggregates), "lifecycle:first_session"), 1u);

  // Routing: experts that need sessions, events or logs are skipped, with the reason.
  const experts::UrlMle url(experts::UrlMetric::kFailure, nullptr);
  const experts::LogError log(nullptr);
  const auto routing = experts::route({&differential, &url, &log, &lifecycle}, on_aggregates);
  ASSERT_EQ(routing.routed.size(), 2u);
  EXPECT_EQ(routing.routed[0], &differential);
  EXPECT_EQ(routing.routed[1], &lifecycle);
  ASSERT_EQ(routing.skipped.size(), 2u);
  EXPECT_EQ(routing.skipped[0].second, "needs sessions, events, which the incident lacks");
  EXPECT_EQ(routing.skipped[1].second, "needs sessions, logs, which the incident lacks");
}

}  // namespace
}  // namespace moce
