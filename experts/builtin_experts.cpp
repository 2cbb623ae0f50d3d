// The built-in experts: one registration line each (experts/README.md shows how to add one).
#include "experts/cohort/cohort_differential.hpp"
#include "experts/core/registry.hpp"
#include "experts/hotnets/event_sequence.hpp"
#include "experts/log/log_error.hpp"
#include "experts/patterns/minesweeper_patterns.hpp"
#include "experts/patterns/ngram_patterns.hpp"

namespace moce::experts {

const Registry& builtin_registry() {
  static const Registry registry = [] {
    Registry r;
    r.add<CohortDifferential>("cohort_differential");
    r.add<NGramPatterns>("ngram_patterns");
    r.add<MinesweeperPatterns>("minesweeper");
    r.add<HotNetsEventSequence>("hotnets_event_sequence");
    r.add<LogError>("log_error");
    return r;
  }();
  return registry;
}

}  // namespace moce::experts
