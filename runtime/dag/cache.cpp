// The cache's eviction order: one doubly linked list through the nodes, oldest to newest.
#include "runtime/dag/cache.hpp"

#include "runtime/error.hpp"

namespace moce {

void Cache::unlink(std::deque<Node>& nodes, NodeId id) {
  Node& node = nodes[id];
  if (node.prev != kNoNode) nodes[node.prev].next = node.next; else oldest_ = node.next;
  if (node.next != kNoNode) nodes[node.next].prev = node.prev; else newest_ = node.prev;
  node.prev = node.next = kNoNode;
}

void Cache::push_back(std::deque<Node>& nodes, NodeId id) {
  Node& node = nodes[id];
  node.prev = newest_;
  node.next = kNoNode;
  if (newest_ != kNoNode) nodes[newest_].next = id; else oldest_ = id;
  newest_ = id;
}

void Cache::insert(std::deque<Node>& nodes, NodeId id) {
  Node& node = nodes[id];
  MOCE_ASSERT(!node.cached && node.value, "lazy DAG: node '", node.name, "' inserted twice or without a value");
  node.cached = true;
  push_back(nodes, id);
  bytes_ += node.bytes;
}

void Cache::touch(std::deque<Node>& nodes, NodeId id) {
  if (policy_ != EvictionPolicy::kLru || newest_ == id) return;
  unlink(nodes, id);
  push_back(nodes, id);
}

std::uint64_t Cache::evict_over_limit(std::deque<Node>& nodes) {
  std::uint64_t evicted = 0;
  const bool from_oldest = policy_ == EvictionPolicy::kLru;
  NodeId id = from_oldest ? oldest_ : newest_;
  while (bytes_ > limit_ && id != kNoNode) {
    Node& node = nodes[id];
    const NodeId following = from_oldest ? node.next : node.prev;
    if (node.pins == 0) {
      unlink(nodes, id);
      node.cached = false;
      node.value.reset();
      bytes_ -= node.bytes;
      ++node.evictions;
      ++evicted;
    }
    id = following;
  }
  if (bytes_ > peak_) peak_ = bytes_;
  return evicted;
}

}  // namespace moce
