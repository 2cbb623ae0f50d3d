// Relationalize (sec. 4.1 Psi_rel): a sequence -> a relation of all its rows, each prefixed
// with the index of its part.
#pragma once

#include <cstdint>
#include <string>

#include "operators/data/sequence.hpp"

namespace moce {

class Relationalize {
 public:
  // `part_column` names the added int64 column; part i is written as first_part + i (a rank's
  // shard passes the global index of its first session).
  explicit Relationalize(std::string part_column = "part") : part_column_(std::move(part_column)) {}
  std::string name() const { return "relationalize(" + part_column_ + ")"; }

  // Columns: the part index first, then the sequence's columns (shared, not copied). Throws
  // Error if the sequence already has a column of that name.
  Relation run(const Sequence& events, std::int64_t first_part = 0) const;

 private:
  std::string part_column_;
};

}  // namespace moce
