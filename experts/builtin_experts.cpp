// The built-in experts: one registration line each (experts/README.md shows how to add one).
#include "experts/cohort/cohort_differential.hpp"
#include "experts/core/registry.hpp"

namespace moce::experts {

const Registry& builtin_registry() {
  static const Registry registry = [] {
    Registry r;
    r.add<CohortDifferential>("cohort_differential");
    return r;
  }();
  return registry;
}

}  // namespace moce::experts
