// Cohort-aggregate telemetry across ranks: the aggregate table is read in row blocks and combined
// by the distributed group-by, so the cohort, lifecycle and cube-scan experts give the same leads on the
// world as on one rank alone (run at 1, 2 and 3 ranks).
#include <gtest/gtest.h>

#include "experts/beyond/cohort_lattice.hpp"
#include "experts/beyond/cube_scan.hpp"
#include "experts/cohort/cohort_differential.hpp"
#include "experts/cohort/cohort_mle.hpp"
#include "experts/hotnets/lifecycle.hpp"
#include "tests/import/aggregate_incident.hpp"
#include "tests/support/test_support.hpp"

namespace moce {
namespace {

TEST(AggregateTelemetryMpi, LeadsDoNotDependOnTheRankCount) {
  const Context& world = test::world();
  test::TempDir dir(world);
  test::IncidentBuilder b("agg", "failed", KpiKind::kBinary, /*higher_is_better=*/false);
  b.attributes({"isp"});
  std::string path = dir.file("agg.h5");
  if (world.rank() == 0) test::write_aggregates(path, b.spec(), test::aggregate_rows(b));
  world.barrier();
  auto reader = std::make_shared<const CorpusReader>(path);
  const auto spec = read_incident_index(*reader).at(0);
  const auto on_world = experts::open_incident(reader, spec, world);
  auto alone = make_local_context();
  const auto on_one_rank = experts::open_incident(reader, spec, *alone);
  const experts::CohortDifferential differential(nullptr);
  const experts::CohortMle mle(nullptr);
  const experts::CohortLattice lattice(nullptr);
  const experts::Lifecycle lifecycle(nullptr);
  const experts::CubeScanExpert cube_scan(nullptr);
  for (const experts::Expert* e :
       std::initializer_list<const experts::Expert*>{&differential, &mle, &lattice, &lifecycle, &cube_scan}) {
    const auto want = test::run_expert(*e, on_one_rank);
    const auto got = test::run_expert(*e, on_world);
    ASSERT_FALSE(want.empty()) << e->name();
    ASSERT_EQ(got.size(), want.size()) << e->name();
    for (std::size_t i = 0; i < want.size(); ++i) {
      EXPECT_EQ(got.leads[i].id, want.leads[i].id) << e->name();
      EXPECT_EQ(got.leads[i].confidence, want.leads[i].confidence) << e->name();  // exact sums: bitwise
    }
  }
}

}  // namespace
}  // namespace moce
