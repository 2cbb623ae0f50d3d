// The URL experts give the same leads (ids, confidences, evidence) on the incident's sessions
// sharded over the world's ranks as one process alone on the same corpus (run at 1, 2, 3 ranks).
#include <gtest/gtest.h>

#include "experts/core/registry.hpp"
#include "tests/experts_url/url_incident.hpp"
#include "tests/support/test_support.hpp"

namespace moce::experts {
namespace {

const std::vector<std::string> kExperts = {
    "flow_model_duration", "flow_model_failures", "url_mean_duration", "url_p75_duration", "url_p95_duration",
    "url_mean_failures",   "url_p75_failures",    "url_p95_failures",  "url_mle_duration", "url_mle_failures"};

void expect_same(const Leads& world, const Leads& local, const std::string& what) {
  ASSERT_EQ(world.size(), local.size()) << what;
  for (std::size_t i = 0; i < world.size(); ++i) {
    const Lead& a = world.leads[i];
    const Lead& b = local.leads[i];
    EXPECT_EQ(a.id, b.id) << what;
    EXPECT_EQ(a.confidence, b.confidence) << what << " " << a.id;  // bit for bit
    EXPECT_EQ(a.evidence.numbers, b.evidence.numbers) << what << " " << a.id;
  }
}

void check(const test::UrlIncident& incident, const std::string& truth) {
  test::TempDir dir(test::world());
  const IncidentInput world_input = incident.builder().open(dir.path().string());
  auto local_context = make_local_context();
  const IncidentInput local_input = open_incident(world_input.corpus, world_input.spec, *local_context);
  std::size_t found = 0;
  for (const auto& name : kExperts) {
    auto expert = builtin_registry().make(name, nullptr);
    if (!expert->info().serves(world_input.spec.kpi_kind)) continue;
    const Leads world = test::run_expert(*expert, world_input);
    const Leads local = test::run_expert(*expert, local_input);
    expect_same(world, local, name);
    found += test::rank_of(world, truth) == 1;
  }
  EXPECT_GT(found, 0u) << "no expert put " << truth << " first";
}

TEST(UrlExpertsSpmd, SlowUrlSameAtAnyRankCount) {
  test::UrlIncident incident;
  incident.faulty_url = "/api/login/b";
  incident.latency_factor = 2.5;
  incident.fault_fraction = 0.5;
  check(incident, "url:/api/login/b");
}

TEST(UrlExpertsSpmd, FailingUrlSameAtAnyRankCount) {
  test::UrlIncident incident;
  incident.success_kpi = true;
  incident.faulty_url = "/api/login/c";
  incident.fault_failure = 0.6;
  check(incident, "url:/api/login/c");
}

}  // namespace
}  // namespace moce::experts
