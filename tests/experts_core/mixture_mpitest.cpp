// Leads do not depend on the rank count: the mixture run with the world group (sessions sharded
// over its ranks) gives exactly the leads of a one-process run of the same corpus.
#include <gtest/gtest.h>

#include "experts/core/registry.hpp"
#include "experts/mixture/mixture.hpp"
#include "simulator/simulate_corpus.hpp"
#include "simulator/world_config.hpp"
#include "tests/experts_core/incident_fixtures.hpp"
#include "tests/support/test_support.hpp"

namespace moce::experts {
namespace {

void expect_same(const RcaResult& a, const RcaResult& b) {
  ASSERT_EQ(a.leads.size(), b.leads.size());
  for (std::size_t i = 0; i < a.leads.size(); ++i) {
    EXPECT_EQ(a.leads[i].id, b.leads[i].id);
    EXPECT_EQ(a.leads[i].score, b.leads[i].score);  // bit for bit
  }
  ASSERT_EQ(a.experts.size(), b.experts.size());
  for (std::size_t e = 0; e < a.experts.size(); ++e) {
    ASSERT_EQ(a.experts[e].leads.size(), b.experts[e].leads.size()) << a.experts[e].expert;
    for (std::size_t i = 0; i < a.experts[e].leads.size(); ++i) {
      EXPECT_EQ(a.experts[e].leads.leads[i].id, b.experts[e].leads.leads[i].id);
      EXPECT_EQ(a.experts[e].leads.leads[i].confidence, b.experts[e].leads.leads[i].confidence);
      EXPECT_EQ(a.experts[e].leads.leads[i].evidence.numbers, b.experts[e].leads.leads[i].evidence.numbers);
    }
  }
}

TEST(MixtureMpi, LeadsAreTheSameAtAnyRankCount) {
  const auto& world = test::world();
  test::TempDir dir(world);
  auto builder = test::cohort_incident("inc", "B");
  auto sharded = builder.open(dir.path().string(), &world);
  auto local_context = make_local_context();
  auto whole = experts::open_incident(sharded.corpus, sharded.spec, *local_context);
  const auto all = builtin_registry().make_all({}, nullptr);
  std::vector<const Expert*> experts;
  for (const auto& e : all) experts.push_back(e.get());
  MixtureOptions options;
  options.combiner.floor = 0;
  auto a = run_mixture(sharded, experts, options);
  auto b = run_mixture(whole, experts, options);
  expect_same(a, b);
  ASSERT_FALSE(a.leads.empty());
  EXPECT_EQ(a.leads[0].id, "isp:B");
}

}  // namespace
}  // namespace moce::experts

namespace moce::experts {
namespace {

// Every registered expert on simulated incidents of several categories (events, URLs, server
// log): sharded over the world's ranks, then in one process.
TEST(MixtureMpi, SimulatedIncidentsGiveTheSameLeadsAtAnyRankCount) {
  const auto& world = test::world();
  test::TempDir dir(world);
  const std::string path = dir.file("sim.h5");
  Config user;
  user.set("world", test::source_path("configs/world_default.ini"));
  const auto sim_world = sim::load_world(sim::resolve_world_config(user));
  sim::SimulateOptions options;
  options.incidents_per_category = 1;
  options.sessions_per_incident = 1200;
  sim::simulate_corpus(sim_world, options, path, world, "");
  auto corpus = std::make_shared<const CorpusReader>(path);
  auto local_context = make_local_context();
  const auto all = builtin_registry().make_all({}, nullptr);
  std::vector<const Expert*> experts;
  for (const auto& e : all) experts.push_back(e.get());
  MixtureOptions mixture;
  mixture.combiner.floor = 0;
  for (const auto& spec : read_incident_index(*corpus)) {
    SCOPED_TRACE(spec.id);
    auto a = run_mixture(open_incident(corpus, spec, world), experts, mixture);
    auto b = run_mixture(open_incident(corpus, spec, *local_context), experts, mixture);
    expect_same(a, b);
    for (const auto& e : a.experts) EXPECT_NE(e.status, ExpertOutcome::Status::kFailed) << e.expert << ": " << e.reason;
  }
}

}  // namespace
}  // namespace moce::experts
