// Graph::Plan: the nodes one get() must compute, in the order it computes (and commits) them.
// Internal to the runtime.
#pragma once

#include <vector>

#include "runtime/dag/graph.hpp"

namespace moce {

struct Graph::Plan {
  // The depth-first post-order from the requested node over inputs in argument order, holding
  // the nodes neither cached nor failed; every node's inputs come before it.
  std::vector<NodeId> order;
};

}  // namespace moce
