// GroupPartials: the mergeable partial aggregates of a group-by (per group: key tuple, row count,
// and per value column n, sum, M2, min, max, and optionally exact sums), computed over one
// relation or one rank's shard.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "operators/data/relation.hpp"
#include "operators/relational/exact_sum.hpp"

namespace moce {

struct GroupPartials {
  std::size_t num_keys = 0;
  std::size_t num_values = 0;
  std::vector<std::int64_t> keys;         // group-major, num_keys each; categorical codes widened
  std::vector<std::int64_t> rows;         // rows of the group (count)
  std::vector<std::int64_t> n;            // group-major, num_values each: the non-NaN values
  std::vector<double> sum, m2, min, max;  // like n; m2 = sum of squared deviations from the mean
  // Only with PartialOptions::exact (squares only with m2 too), like n, packed: the exact sums
  // of the values and of their squares, which merge independently of order.
  PackedExactSums exact_sum, exact_squares;

  std::size_t num_groups() const { return rows.size(); }
  const std::int64_t* key(std::size_t g) const { return keys.data() + g * num_keys; }
  // `exact`: also for the exact sums (and squares).
  void reserve(std::size_t groups, bool exact = false);
  // Appends a copy of `from`'s group g (without its exact sums if !exact).
  void append(const GroupPartials& from, std::size_t g, bool exact = true);
  // Merges `from`'s group h into this group g (same key): counts and sums add, min/max combine,
  // and M2 follows Chan, Golub & LeVeque's pairwise update
  // M2 = M2a + M2b + (mean_b - mean_a)^2 na nb / (na + nb), stable where sum of squares is not.
  // Exact sums are left alone (packed sums do not change in place): see fold_groups.
  void merge(std::size_t g, const GroupPartials& from, std::size_t h);
};

// Groups of `in` folded into one output group per chain: output group k is in's groups
// heads[k], next[heads[k]], next[next[heads[k]]], ... (until -1) merged in that order, exact
// sums included.
GroupPartials fold_groups(const GroupPartials& in, const std::vector<std::int32_t>& heads,
                          const std::vector<std::int32_t>& next);

// Lexicographic order of key tuples (missing categorical code -1 sorts first).
bool key_less(const std::int64_t* a, const std::int64_t* b, std::size_t width);

// The dense fast path: when every key is categorical and the product of (dictionary size + 1)
// is at most `limit`, a group's slot is the mixed-radix number of its (code + 1) digits, first
// key most significant, so slot order is key order.
struct DenseLayout {
  bool usable = false;
  std::vector<std::int64_t> radix;   // dictionary size + 1, per key
  std::vector<std::int64_t> stride;  // place value, per key
  std::int64_t size = 1;
  std::int64_t slot(const std::int64_t* key) const;
};
DenseLayout dense_layout(const Relation& rows, const std::vector<std::string>& keys, std::int64_t limit);

struct PartialOptions {
  bool m2 = false;       // compute M2 (a second pass over the rows)
  bool min_max = false;  // compute min and max
  bool exact = false;    // also compute the exact sums (a further pass; for rank-count-independent merging)
};

// Partials of `rows` grouped by `keys` over the double or int64 columns `values`, groups sorted
// by key. If `group_of_row` is given it receives each row's group index. Throws Error naming a
// key column that is not int64/categorical or a value column that is categorical.
GroupPartials compute_partials(const Relation& rows, const std::vector<std::string>& keys,
                               const std::vector<std::string>& values, PartialOptions options, std::int64_t dense_limit,
                               std::vector<std::int32_t>* group_of_row);

}  // namespace moce
