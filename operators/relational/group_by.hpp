// GroupBy (GROUP_BY + AGGREGATE, sec. 4.1 Phi) over one or more int64/categorical keys, in one
// process or across the ranks of a group whose shards together form the relation.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "operators/data/relation.hpp"
#include "operators/relational/aggregate.hpp"
#include "operators/relational/group_partials.hpp"
#include "runtime/comm/context.hpp"
#include "runtime/dag/hash.hpp"

namespace moce {

// Output: one row per non-empty group, sorted by key tuple (categorical keys by code, missing
// first), with the key columns (same names, types and dictionaries) followed by one column per
// aggregate: count as int64, the others as double.
class GroupBy {
 public:
  // Largest product of (dictionary size + 1) over categorical keys for the dense fast path.
  static constexpr std::int64_t kDenseLimit = std::int64_t{1} << 20;

  GroupBy(std::vector<std::string> keys, std::vector<Aggregate> aggregates, std::int64_t dense_limit = kDenseLimit);
  std::string name() const;
  // Every parameter, exactly (name() prints doubles to a few digits). The dense limit only
  // chooses an algorithm, not the result, so it is left out: both paths share a node.
  void hash_params(Hasher& h) const {
    h.add(keys_);
    h.add(aggregates_);
  }
  const std::vector<std::string>& keys() const { return keys_; }
  const std::vector<Aggregate>& aggregates() const { return aggregates_; }

  Relation run(const Relation& rows) const;

  // Distributed: `shard` is this rank's part of the relation (any row split, possibly empty,
  // but with every key and value column and the same dictionaries on all ranks); every rank of
  // `group` returns the same relation, equal to run() on the whole. Counts, min, max and
  // quantiles are exact; sums come from exact (ExactSum) sums, correctly rounded, and M2 from
  // the exact sums of x and x^2 in double-double arithmetic (see squared_deviations), so every
  // output is bitwise the same at any rank count and any split of the rows; it may differ from
  // run(rows), which sums in row order, by rounding (about 1e-15 relative). Categorical keys
  // within the dense limit combine by gathering the dense partials; other keys go by all-to-all
  // to the owner rank hash(key) % size, merge there, and are gathered back.
  Relation run(const Context& group, const Relation& shard) const;

  // The partials of `rows`, for callers that merge them themselves.
  GroupPartials partials(const Relation& rows, std::vector<std::int32_t>* group_of_row = nullptr) const;

 private:
  // Distinct value columns the aggregates read, in first-use order.
  std::vector<std::string> value_columns() const;
  std::size_t value_index(const std::string& column) const;
  PartialOptions options() const;
  bool has_quantiles() const;
  Relation finalize(const Relation& like, const GroupPartials& groups,
                    const std::vector<std::vector<double>>& quantiles) const;

  std::vector<std::string> keys_;
  std::vector<Aggregate> aggregates_;
  std::int64_t dense_limit_;
  std::vector<std::string> values_;
};

}  // namespace moce
