// HashJoin (JOIN, sec. 4.1 Phi): inner or left equi-join on one or more int64/categorical keys.
#pragma once

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "operators/data/relation.hpp"
#include "runtime/dag/hash.hpp"

namespace moce {

enum class JoinKind { kInner, kLeft };

// Marks a missing int64 (a left join's unmatched row); double columns use NaN and categorical
// columns kMissingCode.
inline constexpr std::int64_t kMissingInt64 = std::numeric_limits<std::int64_t>::min();

// Output: every left column, then the right's non-key columns (a name the left already has gets
// `suffix` appended). Rows follow the left's order, each left row's matches in the right's
// order; a left join keeps an unmatched left row once, with missing right values. Missing keys
// (kMissingCode, kMissingInt64) match nothing. Categorical keys match by value: right codes are
// translated into the left column's dictionary when the two dictionaries differ.
class HashJoin {
 public:
  HashJoin(std::vector<std::string> left_keys, std::vector<std::string> right_keys, JoinKind kind = JoinKind::kInner,
           std::string suffix = "_right");
  std::string name() const;
  void hash_params(Hasher& h) const {
    h.add(left_keys_);
    h.add(right_keys_);
    h.add(kind_);
    h.add(suffix_);
  }
  Relation run(const Relation& left, const Relation& right) const;

  // The matched (left row, right row) pairs in output order; right row -1 for a left join's
  // unmatched rows.
  std::vector<std::pair<std::int64_t, std::int64_t>> pairs(const Relation& left, const Relation& right) const;

 private:
  std::vector<std::string> left_keys_, right_keys_;
  JoinKind kind_;
  std::string suffix_;
};

}  // namespace moce
