// TopK: the k rows with the largest (or smallest) values of a column, in one process or across
// the ranks of a group.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "operators/data/relation.hpp"
#include "runtime/comm/context.hpp"
#include "runtime/dag/hash.hpp"

namespace moce {

enum class SortOrder { kDescending, kAscending };

// Rows ordered by the column (int64 or double) in `order`; ties go to the earlier row, and NaN
// sorts after every number in either order, so the result is a deterministic total order.
class TopK {
 public:
  TopK(std::string column, std::size_t k, SortOrder order = SortOrder::kDescending)
      : column_(std::move(column)), k_(k), order_(order) {}
  std::string name() const;
  void hash_params(Hasher& h) const {
    h.add(column_);
    h.add(k_);
    h.add(order_);
  }

  // Ids of the top min(k, rows) rows, best first.
  std::vector<std::int64_t> row_ids(const Relation& rows) const;
  // Those rows, best first.
  Relation run(const Relation& rows) const;
  // Distributed: the shards of the ranks, in rank order, form the relation (ties go to the
  // lower rank, then the earlier row). Every rank returns the same top-k rows.
  Relation run(const Context& group, const Relation& shard) const;

 private:
  std::string column_;
  std::size_t k_;
  SortOrder order_;
};

}  // namespace moce
