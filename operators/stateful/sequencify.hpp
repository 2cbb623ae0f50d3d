// Sequencify (sec. 4.1 Psi_{k,o}): a relation -> a sequence partitioned by an int64 key and
// ordered by time within each part. Free (zero-copy) when the rows are already so sorted.
#pragma once

#include <cstdint>
#include <string>

#include "operators/data/sequence.hpp"
#include "runtime/dag/hash.hpp"

namespace moce {

class Sequencify {
 public:
  Sequencify(std::string key, std::string time) : key_(std::move(key)), time_(std::move(time)) {}
  std::string name() const { return "sequencify(" + key_ + "," + time_ + ")"; }
  void hash_params(Hasher& h) const {
    h.add(key_);
    h.add(time_);
  }

  // Part i holds the rows with key first_key + i, i in [0, num_parts), stably sorted by time
  // (rows with equal times keep their order; NaN times go last). Throws Error naming a row
  // whose key is outside the range.
  Sequence run(const Relation& rows, std::int64_t num_parts, std::int64_t first_key = 0) const;
  // Whether `rows` are already sorted by (key, time).
  bool is_sorted(const Relation& rows) const;

 private:
  std::string key_, time_;
};

}  // namespace moce
