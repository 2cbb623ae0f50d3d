// GroupExactSums: the exact per-group sums (and sums of squares) behind the distributed
// group-by's rank-count-independent sums, binned so a row costs one 128-bit add per sum.
#pragma once

#include <cstddef>
#include <cstdint>
#include <unordered_map>
#include <vector>

#include "operators/relational/exact_sum.hpp"

namespace moce {

// Each value column has a fixed-point bin per group: a 128-bit integer counting units of
// 2^(base - 1074), with `base` chosen once from the column's largest finite magnitude so that
// the largest value fits with room for every row's carry (so the bin never normalises). A value
// whose mantissa lies wholly in the bin (all but those ~2^50 times smaller than the largest)
// costs a shift and a 128-bit add. The rest -- tiny outliers, +-inf, and squares that would
// under- or overflow -- go to ExactSum-style limb accumulators. Both are exact, so which way a
// value went changes nothing: the extracted ExactSum equals the sum of ExactSum::add over the
// group's values, in any order and at any split of the rows.
//
// Squares: x = m 2^(p-1074) with an integer mantissa m < 2^53, so x^2 = m^2 2^(2p-2148), and
// the 106-bit m^2 goes in two 53-bit halves to two bins 53 bits apart. That is x^2 exactly,
// which equals add_square's fl(x*x) + its fma error whenever the latter is exact (no under- or
// overflow); the squares that would not be are exactly those sent to the limb accumulators,
// which use add_square's arithmetic, so the result is bitwise that of add_square.
//
// NaN is never added (the group-by skips it); it is counted per group instead.
class GroupExactSums {
 public:
  // `columns` holds each value column's `rows` values; `squares` also sums x^2.
  GroupExactSums(const std::vector<const double*>& columns, std::size_t rows, bool squares);

  // Adds rows [begin, begin + len), row begin + i to slot id[i]; `slots` bounds the ids.
  void add_chunk(const std::int32_t* id, std::size_t len, std::size_t begin, std::size_t slots);

  // The normalised exact sum of column v's values (kind 0) or squares (kind 1) in `slot`.
  ExactSum extract(int kind, std::size_t slot, std::size_t v);
  // NaN values of column v seen in `slot`.
  std::int64_t nans(std::size_t slot, std::size_t v) const {
    return slot < nans_[v].size() ? nans_[v][slot] : 0;
  }

  // Two's complement in 128 bits: wraps, so adding a negative value is plain addition.
  using Bin = ExactSum::Fixed;

 private:
  struct Bins {
    int base = 0;            // bin unit is 2^(base - 1074); no fast adds when kNone
    std::vector<Bin> bins;   // per slot
  };
  static constexpr int kNone = 1 << 20;

  // ExactSums for the values the bins cannot take, one per (kind, slot, column) on first use.
  class Limbs {
   public:
    explicit Limbs(std::size_t values) : values_(values) {}
    ExactSum& at(std::size_t kind, std::size_t slot, std::size_t v);
    const ExactSum* find(std::size_t kind, std::size_t slot, std::size_t v) const;

   private:
    std::size_t values_;
    std::unordered_map<std::size_t, std::size_t> index_;  // (slot * values + v) * 2 + kind
    std::vector<ExactSum> sums_;
  };

  void add_column(std::size_t v, const std::int32_t* id, std::size_t len, const double* x);
  void outlier(std::size_t v, std::size_t slot, double x);

  std::size_t values_;
  bool squares_;
  int limit_ = 0;  // largest shift of a mantissa into a bin
  std::vector<Bins> sum_, square_low_, square_high_;  // per value column
  std::vector<std::vector<std::int64_t>> nans_;        // [v][slot]
  const std::vector<const double*> columns_;
  Limbs limbs_;
};

}  // namespace moce
