// One node of the lazy DAG: its identity, its type-erased task, its cache state and its counters.
// Internal to the runtime (Graph owns the nodes); users see NodeStats (stats.hpp).
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <exception>
#include <memory>
#include <string>
#include <typeinfo>
#include <vector>

#include "runtime/dag/hash.hpp"
#include "runtime/dag/lazy.hpp"

namespace moce {

struct Node;

// The operator and its bound arguments, with the result type erased.
class NodeTask {
 public:
  virtual ~NodeTask() = default;
  // Runs the operator on the values of its input nodes (all present when called); returns the
  // result and stores its size in *bytes.
  virtual std::shared_ptr<const void> run(const std::deque<Node>& nodes, std::size_t* bytes) const = 0;
};

struct Node {
  std::string name;
  Key key = 0;
  const std::type_info* type = nullptr;  // the result type, to catch a key collision
  std::unique_ptr<NodeTask> task;
  std::vector<NodeId> inputs;            // handle arguments in argument order (duplicates kept)
  bool collective = false;

  // Result: non-null while cached, or while computed and not yet committed in the running get.
  std::shared_ptr<const void> value;
  std::size_t bytes = 0;
  // A failed node keeps the exception of the node where the failure began (itself or an input).
  std::exception_ptr error;
  NodeId error_origin = kNoNode;

  // Cache state, touched only by the thread that drives the graph.
  bool cached = false;
  std::uint32_t pins = 0;    // > 0: never evicted; changed only through Cache::pin / unpin
  std::uint64_t stamp = 0;   // cache order: its insertion (LIFO) or last use (LRU); see cache.hpp
  std::uint64_t epoch = 0;       // the get() that last visited it (planning marks)
  std::uint32_t plan_index = 0;  // its place in that get's plan

  // Counters (see NodeStats in stats.hpp).
  double seconds = 0;
  std::uint64_t computations = 0;
  std::uint64_t hits = 0;
  std::uint64_t misses = 0;
  std::uint64_t evictions = 0;
};

}  // namespace moce
