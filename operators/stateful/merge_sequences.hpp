// MergeSequences (sec. 4.1 Psi_merge): two sequences over the same parts merged part by part
// in time order (e.g. client events with a server log of the same sessions).
#pragma once

#include <string>

#include "operators/data/sequence.hpp"

namespace moce {

class MergeSequences {
 public:
  explicit MergeSequences(std::string time) : time_(std::move(time)) {}
  std::string name() const { return "merge_sequences(" + time_ + ")"; }

  // Both sequences must have the same number of parts and the same columns (names, types,
  // dictionaries). Each output part interleaves the two parts by time; on equal times the first
  // sequence's rows come first (a stable merge). Throws Error on a mismatch.
  Sequence run(const Sequence& first, const Sequence& second) const;

 private:
  std::string time_;
};

}  // namespace moce
