// The cohort experts give the same leads, confidences and evidence (bit for bit) whether the
// incident's sessions are sharded over the world's ranks or read by one process.
#include <gtest/gtest.h>

#include "experts/core/registry.hpp"
#include "tests/experts_cohort/cohort_incidents.hpp"
#include "tests/support/test_support.hpp"

namespace moce::test {
namespace {

const std::vector<std::string> kExperts{"cohort_differential", "cohort_mle", "adtributor", "lifecycle", "cohort_lattice", "explain_away"};

void expect_same(const experts::Leads& a, const experts::Leads& b, const std::string& what) {
  ASSERT_EQ(a.size(), b.size()) << what;
  for (std::size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a.leads[i].id, b.leads[i].id) << what;
    EXPECT_EQ(a.leads[i].confidence, b.leads[i].confidence) << what;
    EXPECT_EQ(a.leads[i].evidence.numbers, b.leads[i].evidence.numbers) << what;
    EXPECT_EQ(a.leads[i].evidence.note, b.leads[i].evidence.note) << what;
  }
}

TEST(CohortExpertsMpi, LeadsAreTheSameAtAnyRankCount) {
  const auto& world = test::world();
  TempDir dir(world);
  const std::vector<std::pair<std::string, IncidentBuilder>> incidents{
      {"isp_real", isp_failure(KpiKind::kReal, 7)},
      {"isp_binary", isp_failure(KpiKind::kBinary, 8)},
      {"lifecycle", lifecycle_incident(KpiKind::kBinary, true, 11)},
      {"pair", grid_incident([](const std::string& isp, const std::string& os) { return isp == "A" && os == "x"; }, 21)},
      {"device", device_incident([](const std::string& d) { return d == "d1"; }, 41)},
      {"version", version_incident(51, true)},
      {"null", null_incident("null", KpiKind::kReal, 1)}};
  auto local = make_local_context();
  std::size_t nonempty = 0;
  for (const auto& [name, builder] : incidents) {
    auto sharded = builder.open(dir.file(name), &world);
    auto whole = experts::open_incident(sharded.corpus, sharded.spec, *local);
    for (const auto& expert_name : kExperts) {
      const auto expert = experts::builtin_registry().make(expert_name, nullptr);
      const auto a = run_expert(*expert, sharded);
      const auto b = run_expert(*expert, whole);
      expect_same(a, b, name + " / " + expert_name);
      nonempty += !a.empty();
    }
  }
  EXPECT_GE(nonempty, 8u);  // the comparison is not vacuous
}

}  // namespace
}  // namespace moce::test
