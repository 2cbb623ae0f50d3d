// The cache's eviction order: evictable results ordered by stamp (insertion or last use).
#include "runtime/dag/cache.hpp"

#include "runtime/error.hpp"

namespace moce {

void Cache::restamp(Node& node, NodeId id) {
  const bool listed = node.cached && node.pins == 0;
  if (listed) evictable_.erase({node.stamp, id});
  node.stamp = ++clock_;
  if (listed) evictable_.insert({node.stamp, id});
}

void Cache::insert(std::deque<Node>& nodes, NodeId id) {
  Node& node = nodes[id];
  MOCE_ASSERT(!node.cached && node.value, "lazy DAG: node '", node.name, "' inserted twice or without a value");
  node.cached = true;
  node.stamp = ++clock_;
  if (node.pins == 0) evictable_.insert({node.stamp, id});
  bytes_ += node.bytes;
}

void Cache::touch(std::deque<Node>& nodes, NodeId id) {
  if (policy_ == EvictionPolicy::kLru) restamp(nodes[id], id);
}

void Cache::pin(std::deque<Node>& nodes, NodeId id) {
  Node& node = nodes[id];
  if (node.pins++ == 0 && node.cached) evictable_.erase({node.stamp, id});
}

void Cache::unpin(std::deque<Node>& nodes, NodeId id) {
  Node& node = nodes[id];
  MOCE_ASSERT(node.pins > 0, "lazy DAG: node '", node.name, "' unpinned more often than pinned");
  if (--node.pins == 0 && node.cached) evictable_.insert({node.stamp, id});
}

std::uint64_t Cache::evict_over_limit(std::deque<Node>& nodes) {
  std::uint64_t evicted = 0;
  while (bytes_ > limit_ && !evictable_.empty()) {
    const auto it = policy_ == EvictionPolicy::kLru ? evictable_.begin() : std::prev(evictable_.end());
    Node& node = nodes[it->second];
    evictable_.erase(it);
    ++examined_;
    node.cached = false;
    node.value.reset();
    bytes_ -= node.bytes;
    ++node.evictions;
    ++evicted;
  }
  if (bytes_ > peak_) peak_ = bytes_;
  return evicted;
}

}  // namespace moce
