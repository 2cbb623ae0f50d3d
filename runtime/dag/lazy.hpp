// Lazy<T>: the typed handle a lazy task returns; it names a node of one Graph and computes nothing.
#pragma once

#include <cstdint>
#include <limits>

#include "runtime/dag/hash.hpp"

namespace moce {

class Graph;

using NodeId = std::uint32_t;
inline constexpr NodeId kNoNode = std::numeric_limits<NodeId>::max();

// Cheap to copy; valid as long as its Graph lives. Resolve it with graph.get(handle).
template <class T>
class Lazy {
 public:
  using value_type = T;

  Lazy() = default;

  bool valid() const { return graph_ != nullptr; }
  // The node's stable key (see hash.hpp); equal keys mean the same call, hence the same node.
  Key key() const { return key_; }
  NodeId id() const { return id_; }
  const Graph* graph() const { return graph_; }

  friend bool operator==(const Lazy& a, const Lazy& b) { return a.graph_ == b.graph_ && a.id_ == b.id_; }

 private:
  friend class Graph;
  Lazy(const Graph* graph, NodeId id, Key key) : graph_(graph), id_(id), key_(key) {}

  const Graph* graph_ = nullptr;
  NodeId id_ = kNoNode;
  Key key_ = 0;
};

}  // namespace moce
