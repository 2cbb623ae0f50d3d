// The result cache of the lazy DAG: a byte limit and an eviction order (LRU or LIFO, paper sec. 4.2)
// kept as an intrusive list through the nodes; pinned nodes are never evicted.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <limits>

#include "runtime/dag/node.hpp"

namespace moce {

enum class EvictionPolicy {
  kLru,   // drop the least recently used result (insertions and hits count as uses)
  kLifo,  // drop the most recently inserted result (hits do not change the order)
};

class Cache {
 public:
  static constexpr std::size_t kUnlimited = std::numeric_limits<std::size_t>::max();

  Cache(std::size_t limit_bytes, EvictionPolicy policy) : limit_(limit_bytes), policy_(policy) {}

  // Takes a computed node (value set) into the cache as its newest entry.
  void insert(std::deque<Node>& nodes, NodeId id);
  // A cache hit: under LRU the node becomes the most recently used.
  void touch(std::deque<Node>& nodes, NodeId id);
  // Evicts unpinned results, in policy order, until the cache fits its limit or only pinned
  // results are left (the limit can be exceeded by pinned results alone). Returns the count.
  std::uint64_t evict_over_limit(std::deque<Node>& nodes);

  std::size_t bytes() const { return bytes_; }
  // The most the cache held after the evictions that follow each insertion (an insertion itself
  // may briefly exceed the limit by the new result).
  std::size_t peak_bytes() const { return peak_; }
  std::size_t limit() const { return limit_; }
  EvictionPolicy policy() const { return policy_; }

 private:
  void unlink(std::deque<Node>& nodes, NodeId id);
  void push_back(std::deque<Node>& nodes, NodeId id);

  std::size_t limit_;
  EvictionPolicy policy_;
  std::size_t bytes_ = 0;
  std::size_t peak_ = 0;
  NodeId oldest_ = kNoNode;  // the list runs from the oldest use/insertion to the newest
  NodeId newest_ = kNoNode;
};

}  // namespace moce
