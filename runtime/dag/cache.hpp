// The result cache of the lazy DAG: a byte limit and an eviction order (LRU or LIFO, paper sec. 4.2);
// pinned nodes are never evicted.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <limits>
#include <set>
#include <utility>

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
  // Pins and unpins a node (cached or not): a pinned result is never evicted.
  void pin(std::deque<Node>& nodes, NodeId id);
  void unpin(std::deque<Node>& nodes, NodeId id);
  // Evicts unpinned results, in policy order, until the cache fits its limit or only pinned
  // results are left (the limit can be exceeded by pinned results alone). Returns the count.
  // Only evictable results are looked at, so the cost is O(log n) per eviction however many
  // pinned results the cache holds.
  std::uint64_t evict_over_limit(std::deque<Node>& nodes);

  std::size_t bytes() const { return bytes_; }
  // The most the cache held after the evictions that follow each insertion (an insertion itself
  // may briefly exceed the limit by the new result).
  std::size_t peak_bytes() const { return peak_; }
  std::size_t limit() const { return limit_; }
  EvictionPolicy policy() const { return policy_; }
  // Cached results eviction could drop now (unpinned), and every result eviction has looked at.
  std::size_t evictable() const { return evictable_.size(); }
  std::uint64_t examined() const { return examined_; }

 private:
  void restamp(Node& node, NodeId id);

  std::size_t limit_;
  EvictionPolicy policy_;
  std::size_t bytes_ = 0;
  std::size_t peak_ = 0;
  std::uint64_t clock_ = 0;
  std::uint64_t examined_ = 0;
  // Cached, unpinned nodes by (stamp, id): the oldest first. Pinned results stay out of it, so
  // eviction never walks past them (it used to rescan them all on every insertion).
  std::set<std::pair<std::uint64_t, NodeId>> evictable_;
};

}  // namespace moce
