// Sequence: a relation partitioned by a key (a session) and ordered by time within each part,
// stored as the relation plus CSR offsets: part i is rows [offsets[i], offsets[i+1]).
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "operators/data/relation.hpp"

namespace moce {

class Sequence {
 public:
  Sequence() : offsets_{0} {}
  // Checks that offsets start at 0, never decrease, and end at the relation's row count.
  Sequence(Relation rows, std::vector<std::int64_t> offsets);
  // Builds the offsets of rows already sorted by (key, time), for parts keyed 0..num_parts-1:
  // a key with no rows gets an empty part. Throws Error if the rows are not so sorted.
  static Sequence from_sorted(Relation rows, std::string_view key, std::string_view time,
                              std::int64_t num_parts);

  const Relation& rows() const { return rows_; }
  std::span<const std::int64_t> offsets() const { return offsets_; }
  std::size_t num_parts() const { return offsets_.size() - 1; }
  std::size_t part_size(std::size_t i) const {
    return static_cast<std::size_t>(offsets_[i + 1] - offsets_[i]);
  }
  // Part i (one session's events), zero-copy.
  Relation part(std::size_t i) const;
  // Parts [begin, begin + count) as a sequence whose offsets start again at 0.
  Sequence slice_parts(std::size_t begin, std::size_t count) const;
  bool equals(const Sequence& other) const;

 private:
  Relation rows_;
  std::vector<std::int64_t> offsets_;
};

}  // namespace moce
