// The built-in experts: one registration line each (experts/README.md shows how to add one).
#include "experts/beyond/cohort_lattice.hpp"
#include "experts/beyond/explain_away.hpp"
#include "experts/cohort/cohort_adtributor.hpp"
#include "experts/cohort/cohort_differential.hpp"
#include "experts/cohort/cohort_mle.hpp"
#include "experts/core/registry.hpp"
#include "experts/hotnets/event_sequence.hpp"
#include "experts/hotnets/lifecycle.hpp"
#include "experts/log/log_error.hpp"
#include "experts/patterns/minesweeper_patterns.hpp"
#include "experts/patterns/ngram_patterns.hpp"

namespace moce::experts {

const Registry& builtin_registry() {
  static const Registry registry = [] {
    Registry r;
    r.add<CohortDifferential>("cohort_differential");
    r.add<CohortMle>("cohort_mle");
    r.add<CohortAdtributor>("adtributor");
    r.add<NGramPatterns>("ngram_patterns");
    r.add<MinesweeperPatterns>("minesweeper");
    r.add<HotNetsEventSequence>("hotnets_event_sequence");
    r.add<Lifecycle>("lifecycle");
    r.add<LogError>("log_error");
    r.add<CohortLattice>("cohort_lattice");
    r.add<ExplainAway>("explain_away");
    return r;
  }();
  return registry;
}

}  // namespace moce::experts
