// What the lazy DAG runtime measures: per node (NodeStats) and per graph (GraphStats).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "runtime/dag/hash.hpp"

namespace moce {

struct NodeStats {
  std::string name;
  Key key = 0;
  double seconds = 0;              // wall time of all its computations together
  std::size_t bytes = 0;           // size of its last result
  std::uint64_t computations = 0;  // runs of the operator (the first one plus recomputations)
  std::uint64_t hits = 0;          // requests served from the cache
  std::uint64_t misses = 0;        // requests that found it absent (so it was computed)
  std::uint64_t evictions = 0;     // times the cache dropped its result
  bool failed = false;             // holds a stored exception
};

// A request is one get() and, inside it, one visit of each node the request needs: a node
// reached twice by one get() counts once, as a hit or as a miss (a failed node as neither: its
// stored error is rethrown).
struct GraphStats {
  std::uint64_t calls = 0;            // lazy task calls made (graph.call), shared or not
  std::uint64_t nodes = 0;            // distinct nodes those calls made
  std::uint64_t computations = 0;     // operator runs
  std::uint64_t recomputations = 0;   // runs of a node computed before (after an eviction)
  std::uint64_t hits = 0;
  std::uint64_t misses = 0;
  std::uint64_t evictions = 0;
  std::uint64_t failures = 0;         // operator runs that threw
  std::size_t cached_bytes = 0;       // held by the cache now
  std::size_t peak_cached_bytes = 0;  // the most it held at once
  double seconds = 0;                 // operator wall time, summed over computations

  // Sums the counters; cached and peak bytes add too (separate graphs hold memory side by side).
  GraphStats& operator+=(const GraphStats& other) {
    calls += other.calls;
    nodes += other.nodes;
    computations += other.computations;
    recomputations += other.recomputations;
    hits += other.hits;
    misses += other.misses;
    evictions += other.evictions;
    failures += other.failures;
    cached_bytes += other.cached_bytes;
    peak_cached_bytes += other.peak_cached_bytes;
    seconds += other.seconds;
    return *this;
  }
};

}  // namespace moce
