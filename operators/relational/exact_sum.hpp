// ExactSum: an exact, order-independent sum of doubles (a fixed-point superaccumulator over the
// whole double range), and the sum of squared deviations computed from two such sums.
#pragma once

#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace moce {

// The value is sum_k limbs_[k] * 2^(32k - 1074): limb 0 holds the smallest subnormal's bit, and
// 67 limbs reach past 2^1024 with room for the carries of 2^63 additions. Each add places a
// finite double's 53-bit integer mantissa at its exponent, spread signed over at most 3 limbs;
// carries are propagated (normalise()) before any limb could overflow. A normalised sum has
// limbs 0..65 in [0, 2^32) and a signed top limb, so the representation of a value is unique
// and the result is independent of the order of additions. Because normalised limbs are below
// 2^32, the normalised sums of up to 2^30 ranks may also be merged by plain int64 addition
// (e.g. an allreduce kSum over the struct's int64 words).
//
// Non-finite inputs are counted apart: to_double() is NaN if a NaN was added or both +inf and
// -inf were, otherwise +-inf if one was, as IEEE summation in any order would give. A finite
// exact sum beyond the double range rounds to +-inf.
class ExactSum {
 public:
  static constexpr int kLimbs = 67;
  // Normalise once this many limb-sized contributions may have piled up (|limb| < 2^62).
  static constexpr std::int64_t kNormaliseAt = std::int64_t{1} << 30;

  void add(double x) {
    add_unchecked(x);
    if (++pending_ >= kNormaliseAt) normalise();
  }
  // add() without the count, for hot loops: the caller must call normalise() within
  // kNormaliseAt / 2 unchecked adds, and before merging this sum into another or another into it.
  void add_unchecked(double x) {
    const Split p = split(x);
    if (p.limb < 0) {
      add_special(std::bit_cast<std::uint64_t>(x));
      return;
    }
    const auto k = static_cast<std::size_t>(p.limb);
    limbs_[k] += p.part[0];
    limbs_[k + 1] += p.part[1];
    limbs_[k + 2] += p.part[2];
  }

  // A finite x as signed contributions (each of magnitude below 2^32) to limbs limb..limb+2;
  // limb = -1 for NaN and inf. For callers that keep limbs in their own layout.
  struct Split {
    int limb;
    std::int64_t part[3];
  };
  [[gnu::always_inline]] static Split split(double x) {
    const auto bits = std::bit_cast<std::uint64_t>(x);
    const auto biased = static_cast<int>((bits >> 52) & 0x7ff);
    std::uint64_t mantissa = bits & ((std::uint64_t{1} << 52) - 1);
    if (biased == 0x7ff) return {-1, {0, 0, 0}};
    if (biased != 0) mantissa |= std::uint64_t{1} << 52;
    // Bit position of the mantissa's least significant bit above 2^-1074.
    const int position = biased == 0 ? 0 : biased - 1;
    const int s = position & 31;
    const std::uint64_t mask = 0xffffffffULL;
    // sign is 0 or -1: (c ^ sign) - sign negates c when x < 0.
    const auto sign = -static_cast<std::int64_t>(bits >> 63);
    const auto c0 = static_cast<std::int64_t>((mantissa << s) & mask);
    const auto c1 = static_cast<std::int64_t>((mantissa >> (32 - s)) & mask);
    const auto c2 = static_cast<std::int64_t>(mantissa >> 32 >> (32 - s));
    return {position >> 5, {(c0 ^ sign) - sign, (c1 ^ sign) - sign, (c2 ^ sign) - sign}};
  }
  // Adds value * 2^(32 limb - 1074) exactly; |value| at most 2^32 (counts as one add).
  void add_at(int limb, std::int64_t value) {
    limbs_[static_cast<std::size_t>(limb)] += value;
    if (++pending_ >= kNormaliseAt) normalise();
  }
  // A two's complement 128-bit integer, for fixed-point partial sums (see add_fixed).
  __extension__ typedef unsigned __int128 Fixed;
  // Adds value * 2^(position - 1074) exactly, `value` read as two's complement; position >= 0.
  // Counts as up to 8 adds.
  void add_fixed(Fixed value, int position);
  // Exact: limb-wise addition of another sum.
  void add(const ExactSum& other);
  // Propagates carries so limbs 0..65 lie in [0, 2^32); the value is unchanged.
  void normalise();

  // The double nearest the exact sum (ties to even).
  double to_double() const;
  // hi = to_double(), lo = the double nearest (exact sum - hi); lo = 0 when hi is not finite.
  void to_double_double(double& hi, double& lo) const;

  // Equal exact values (and equal non-finite counts).
  bool same_value(const ExactSum& other) const;

  // A compact form for messages: the normalised sum's nonzero limb range and non-finite counts
  // appended to `out` (a few int64 where values span a few limbs, instead of 71), and read back.
  void pack(std::vector<std::int64_t>& out) const;
  static ExactSum unpack(const std::int64_t*& in);

 private:
  void add_special(std::uint64_t bits);

  std::array<std::int64_t, kLimbs> limbs_{};
  std::int64_t pending_ = 0;  // bound on |limb| in units of 2^32
  std::int64_t nan_ = 0, positive_inf_ = 0, negative_inf_ = 0;
};

// A list of exact sums in ExactSum's packed form, back to back: a few int64 per sum where a
// sum spans a few limbs, so per-group partials stay small to copy, send and merge.
class PackedExactSums {
 public:
  std::size_t size() const { return offsets_.size(); }
  bool empty() const { return offsets_.empty(); }
  void reserve(std::size_t sums) { offsets_.reserve(sums); }
  void push_back(const ExactSum& sum) {
    offsets_.push_back(words_.size());
    sum.pack(words_);
  }
  // Appends a copy of from's sum i.
  void push_back(const PackedExactSums& from, std::size_t i);
  ExactSum at(std::size_t i) const;

  // The packed words of sums [from, to), for messages, and a list rebuilt from such words.
  std::span<const std::int64_t> words(std::size_t from, std::size_t to) const;
  static PackedExactSums from_words(std::vector<std::int64_t> words);

 private:
  std::vector<std::int64_t> words_;
  std::vector<std::size_t> offsets_;  // where each sum's words begin
};

// M2 = sum (x - mean)^2 = Sxx - Sx^2 / n, evaluated in double-double arithmetic from the exact
// sums Sx of x and Sxx of x^2 (each x^2 added as fl(x*x) and its fma error, so Sxx is exact
// unless x^2 under- or overflows), rounded to double and clamped at 0. Relative accuracy is
// about 2^-100 * Sxx / M2, and the result depends only on the exact sums, so it is the same
// however the data was split. +inf if only Sxx is +inf (a square overflowed), NaN if a sum is otherwise not finite; 0 for n < 1.
double squared_deviations(const ExactSum& sx, const ExactSum& sxx, std::int64_t n);

// Adds x^2 exactly (as described above) to `sxx`.
void add_square(ExactSum& sxx, double x);

}  // namespace moce
