// Shared pieces of the benchmark binaries: the MPI world (a local context outside mpiexec) and
// timing across ranks.
#pragma once

#include "runtime/comm/context.hpp"

namespace moce::bench {

// The world the benchmark binary runs in (every rank runs the same benchmarks, SPMD).
const Context& world();

}  // namespace moce::bench
