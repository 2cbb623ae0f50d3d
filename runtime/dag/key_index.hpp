// KeyIndex: the hash-consing table of a Graph, node key -> node id. Open addressing with linear
// probing over a flat array: one probe sequence and no allocation per node (std::unordered_map
// allocated a list node per entry and dominated the cost of building large DAGs).
#pragma once

#include <cstddef>
#include <vector>

#include "runtime/dag/hash.hpp"
#include "runtime/dag/lazy.hpp"

namespace moce {

class KeyIndex {
 public:
  // The node with this key, or kNoNode.
  NodeId find(Key key) const {
    if (slots_.empty()) return kNoNode;
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t i = spread(key) & mask;; i = (i + 1) & mask) {
      const Slot& slot = slots_[i];
      if (slot.id == kNoNode) return kNoNode;
      if (slot.key == key) return slot.id;
    }
  }
  // Adds a key that is not in the index.
  void insert(Key key, NodeId id);
  std::size_t size() const { return size_; }

 private:
  struct Slot {
    Key key = 0;
    NodeId id = kNoNode;
  };
  // Keys are FNV-1a values whose low bits alone are weak; a finalizer mixes the high bits in.
  static std::size_t spread(Key key) {
    key ^= key >> 33;
    key *= 0xff51afd7ed558ccdULL;
    key ^= key >> 33;
    return static_cast<std::size_t>(key);
  }
  void place(Key key, NodeId id);

  std::vector<Slot> slots_;  // size: zero or a power of two, at most half full
  std::size_t size_ = 0;
};

}  // namespace moce
