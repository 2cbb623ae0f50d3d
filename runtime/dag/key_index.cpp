// Growing the hash-consing table.
#include "runtime/dag/key_index.hpp"

#include <utility>

namespace moce {

void KeyIndex::place(Key key, NodeId id) {
  const std::size_t mask = slots_.size() - 1;
  std::size_t i = spread(key) & mask;
  while (slots_[i].id != kNoNode) i = (i + 1) & mask;
  slots_[i] = Slot{key, id};
}

void KeyIndex::insert(Key key, NodeId id) {
  if (2 * (size_ + 1) > slots_.size()) {
    std::vector<Slot> old = std::exchange(slots_, std::vector<Slot>(slots_.empty() ? 64 : 2 * slots_.size()));
    for (const Slot& slot : old) {
      if (slot.id != kNoNode) place(slot.key, slot.id);
    }
  }
  place(key, id);
  ++size_;
}

}  // namespace moce
