// The four experts give the same leads with the incident's sessions sharded over the world
// (1, 2 or 3 ranks) as in one process on the same corpus.
#include <gtest/gtest.h>

#include "experts/hotnets/event_sequence.hpp"
#include "experts/log/log_error.hpp"
#include "experts/patterns/minesweeper_patterns.hpp"
#include "experts/patterns/ngram_patterns.hpp"
#include "tests/experts_patterns/pattern_incidents.hpp"
#include "tests/support/test_support.hpp"

namespace moce::test {
namespace {

void expect_same(const experts::Leads& a, const experts::Leads& b) {
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a.leads[i].id, b.leads[i].id);
    EXPECT_EQ(a.leads[i].confidence, b.leads[i].confidence);  // bitwise
    EXPECT_EQ(a.leads[i].evidence.numbers, b.leads[i].evidence.numbers);
  }
}

void compare(const IncidentBuilder& builder, const experts::Expert& expert, const std::string& cause) {
  TempDir dir(world());
  const auto sharded = builder.open(dir.path().string(), &world());
  const auto local_context = make_local_context();
  // Every rank reads the corpus rank 0 wrote, with a group of its own.
  auto corpus = sharded.corpus;
  const auto local = experts::open_incident(corpus, sharded.spec, *local_context);
  const auto a = run_expert(expert, sharded);
  const auto b = run_expert(expert, local);
  expect_same(a, b);
  EXPECT_EQ(rank_of(a, cause), 1u) << expert.name() << " at " << world().size() << " ranks";
}

TEST(PatternExpertsSpmd, SameLeadsAtAnyRankCount) {
  compare(patterns::form_incident(true), experts::NGramPatterns(nullptr), "pattern:tap_submit>tap_submit");
  compare(patterns::form_incident(false), experts::MinesweeperPatterns(nullptr), "pattern:tap_submit>tap_submit");
  compare(patterns::form_incident(false), experts::HotNetsEventSequence(nullptr), "pattern:tap_submit>tap_submit");
  compare(patterns::log_incident(true), experts::LogError(nullptr), "log:quota exceeded <*>");
}

}  // namespace
}  // namespace moce::test
