// The corpus' datasets are the same whatever the rank count: the world's ranks write one file
// together, rank 0 writes a reference alone, and every dataset is compared.
#include <gtest/gtest.h>

#include "operators/io/corpus_reader.hpp"
#include "operators/io/incident_index.hpp"
#include "sim_test_support.hpp"
#include "simulator/simulate_corpus.hpp"
#include "tests/support/test_support.hpp"

namespace moce::sim {
namespace {

void expect_same_relation(const CorpusReader& a, const CorpusReader& b, const std::string& group) {
  SCOPED_TRACE(group);
  ASSERT_EQ(a.members(group), b.members(group));
  EXPECT_TRUE(a.read(group).equals(b.read(group)));
}

TEST(SimulateCorpus, DatasetsDoNotDependOnTheRankCount) {
  const auto& world = moce::test::world();
  moce::test::TempDir dir(world);
  // Every category, the hard ones included: redraws, cohort alerts' scaled traffic and two causes
  // must not depend on the rank count either.
  // A low floor keeps 401 sessions enough for every category (redraws still happen).
  const auto model = test::default_world({{"incidents.categories", test::kAllCategories},
                                          {"incidents.min_affected", "3"},
                                          {"incidents.min_effect_z", "1.5"}});
  SimulateOptions options;
  options.seed = 5;
  options.incidents_per_category = 1;
  options.sessions_per_incident = 401;  // not divisible by 2 or 3
  options.chunk_events = 64 * 150;      // 150 sessions per chunk: several chunks per incident
  const auto shared = simulate_corpus(model, options, dir.file("shared.h5"), world, "seed = 5\n");
  EXPECT_EQ(shared.incidents, 14);
  EXPECT_GE(shared.sessions, 14 * 401);
  if (world.rank() == 0) {
    auto local = make_local_context();
    options.chunk_events = 64 * 100000;  // one chunk: chunking must not matter either
    const auto alone = simulate_corpus(model, options, dir.file("alone.h5"), *local, "seed = 5\n");
    EXPECT_EQ(alone.events, shared.events);
    CorpusReader a(dir.file("shared.h5")), b(dir.file("alone.h5"));
    EXPECT_EQ(a.provenance().ranks, world.size());
    EXPECT_TRUE(read_incident_index(a) == read_incident_index(b));
    expect_same_relation(a, b, "/incidents/index");
    ASSERT_EQ(a.members("/incidents"), b.members("/incidents"));
    std::int64_t sessions = 0;
    for (auto& spec : read_incident_index(a)) {
      expect_same_relation(a, b, corpus::sessions_group(spec.id));
      expect_same_relation(a, b, corpus::logs_group(spec.id));
      EXPECT_EQ(a.string_attribute(corpus::sessions_group(spec.id), kKpisAttribute),
                b.string_attribute(corpus::sessions_group(spec.id), kKpisAttribute));
      auto ea = a.read_sequence(corpus::events_group(spec.id), corpus::events_offsets(spec.id));
      auto eb = b.read_sequence(corpus::events_group(spec.id), corpus::events_offsets(spec.id));
      EXPECT_TRUE(ea.equals(eb)) << spec.id;
      EXPECT_GE(static_cast<std::int64_t>(ea.num_parts()), 401);
      sessions += static_cast<std::int64_t>(ea.num_parts());
    }
    EXPECT_EQ(sessions, shared.sessions);
    for (auto& name : a.members(corpus::kDictionaries)) EXPECT_EQ(*a.dictionary(name), *b.dictionary(name)) << name;
  }
  world.barrier();
}

}  // namespace
}  // namespace moce::sim
