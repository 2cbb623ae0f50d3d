// ExactSum: carry normalisation, correctly rounded conversion to double, and the double-double
// evaluation of the sum of squared deviations.
#include "operators/relational/exact_sum.hpp"

#include <cmath>
#include <limits>

#include "runtime/error.hpp"

namespace moce {
namespace {

constexpr int kWords = ExactSum::kLimbs + 2;  // a magnitude needs no more than this
constexpr std::int64_t kLow = 0xffffffffLL;

// Carries every limb's excess over 32 bits into the next; the top limb keeps the sign.
template <std::size_t N>
void carry(std::array<std::int64_t, N>& limbs, std::size_t used) {
  for (std::size_t k = 0; k + 1 < used; ++k) {
    const std::int64_t c = limbs[k] >> 32;  // floor division by 2^32
    limbs[k] &= kLow;
    limbs[k + 1] += c;
  }
}

// Bits [pos, pos + 64) of the magnitude held in 32-bit words.
std::uint64_t window(const std::array<std::int64_t, kWords>& w, int pos) {
  auto word = [&](int i) { return i < kWords ? static_cast<std::uint64_t>(w[static_cast<std::size_t>(i)]) : 0; };
  const int i = pos >> 5, off = pos & 31;
  const std::uint64_t lo = word(i) | (word(i + 1) << 32);
  return off == 0 ? lo : (lo >> off) | (word(i + 2) << (64 - off));
}

struct DoubleDouble {
  double hi, lo;
};

DoubleDouble quick_two_sum(double a, double b) {
  const double s = a + b;
  return {s, b - (s - a)};
}

DoubleDouble two_sum(double a, double b) {
  const double s = a + b, bb = s - a;
  return {s, (a - (s - bb)) + (b - bb)};
}

DoubleDouble square(DoubleDouble a) {
  const double p = a.hi * a.hi;
  const double e = std::fma(a.hi, a.hi, -p) + 2 * a.hi * a.lo;
  return quick_two_sum(p, e);
}

DoubleDouble divide(DoubleDouble a, double n) {
  const double q1 = a.hi / n;
  const double p = q1 * n, e = std::fma(q1, n, -p);
  const double r = ((a.hi - p) - e) + a.lo;
  return quick_two_sum(q1, r / n);
}

double subtract(DoubleDouble a, DoubleDouble b) {
  DoubleDouble s = two_sum(a.hi, -b.hi);
  return s.hi + (s.lo + (a.lo - b.lo));
}

}  // namespace

void ExactSum::add(const ExactSum& other) {
  if (pending_ + other.pending_ >= kNormaliseAt) normalise();
  for (std::size_t k = 0; k < limbs_.size(); ++k) limbs_[k] += other.limbs_[k];
  pending_ += other.pending_;
  nan_ += other.nan_;
  positive_inf_ += other.positive_inf_;
  negative_inf_ += other.negative_inf_;
  if (pending_ >= kNormaliseAt) normalise();
}

void ExactSum::add_fixed(Fixed value, int position) {
  MOCE_ASSERT(position >= 0, "fixed-point sum below 2^-1074");
  const bool negative = (value >> 127) != 0;
  if (negative) value = Fixed{0} - value;
  // 32-bit words of the magnitude, each spread over the (at most) two limbs it straddles.
  for (int j = 0; j < 4; ++j) {
    const auto word = static_cast<std::uint64_t>(value >> (32 * j)) & 0xffffffffULL;
    if (word == 0) continue;
    const int bit = position + 32 * j, limb = bit >> 5;
    const std::uint64_t shifted = word << (bit & 31);
    const auto low = static_cast<std::int64_t>(shifted & 0xffffffffULL), high = static_cast<std::int64_t>(shifted >> 32);
    add_at(limb, negative ? -low : low);
    if (high != 0) {
      MOCE_ASSERT(limb + 1 < kLimbs, "fixed-point sum beyond the accumulator");
      add_at(limb + 1, negative ? -high : high);
    }
  }
}

void ExactSum::normalise() {
  carry(limbs_, limbs_.size());
  pending_ = 1;
}

void ExactSum::add_special(std::uint64_t bits) {
  if ((bits & ((std::uint64_t{1} << 52) - 1)) != 0)
    ++nan_;
  else if (bits >> 63)
    ++negative_inf_;
  else
    ++positive_inf_;
}

double ExactSum::to_double() const {
  constexpr double kInf = std::numeric_limits<double>::infinity();
  if (nan_ > 0 || (positive_inf_ > 0 && negative_inf_ > 0)) return std::numeric_limits<double>::quiet_NaN();
  if (positive_inf_ > 0) return kInf;
  if (negative_inf_ > 0) return -kInf;
  // Magnitude in 32-bit words (two's complement negation, then carries again).
  std::array<std::int64_t, kWords> w{};
  std::copy(limbs_.begin(), limbs_.end(), w.begin());
  carry(w, w.size());
  const bool negative = w[kWords - 1] < 0;
  if (negative) {
    for (auto& x : w) x = -x;
    carry(w, w.size());
  }
  int top = kWords - 1;
  while (top >= 0 && w[static_cast<std::size_t>(top)] == 0) --top;
  if (top < 0) return 0.0;
  const int msb = 32 * top + std::bit_width(static_cast<std::uint64_t>(w[static_cast<std::size_t>(top)])) - 1;
  double magnitude;
  if (msb < 53) {
    // Below 2^-1021: an integer multiple of 2^-1074 under 2^53 is exact (subnormal or not).
    magnitude = std::ldexp(static_cast<double>(window(w, 0)), -1074);
  } else {
    const int shift = msb - 52;
    std::uint64_t q = window(w, shift) & ((std::uint64_t{1} << 53) - 1);
    const int half = shift - 1;  // the rounding bit
    const bool round = (window(w, half) & 1) != 0;
    bool sticky = (w[static_cast<std::size_t>(half >> 5)] & ((std::int64_t{1} << (half & 31)) - 1)) != 0;
    for (int i = 0; i < (half >> 5) && !sticky; ++i) sticky = w[static_cast<std::size_t>(i)] != 0;
    if (round && (sticky || (q & 1))) ++q;  // q may become 2^53: still exact, ldexp rescales
    // ldexp overflows to inf exactly when the rounded value reaches 2^1024, as IEEE rounding does.
    magnitude = std::ldexp(static_cast<double>(q), shift - 1074);
  }
  return negative ? -magnitude : magnitude;
}

void ExactSum::to_double_double(double& hi, double& lo) const {
  hi = to_double();
  lo = 0;
  if (!std::isfinite(hi)) return;
  ExactSum rest = *this;
  rest.add(-hi);
  lo = rest.to_double();
}

bool ExactSum::same_value(const ExactSum& other) const {
  ExactSum a = *this, b = other;
  a.normalise();
  b.normalise();
  return a.limbs_ == b.limbs_ && a.nan_ == b.nan_ && a.positive_inf_ == b.positive_inf_ &&
         a.negative_inf_ == b.negative_inf_;
}

void ExactSum::pack(std::vector<std::int64_t>& out) const {
  ExactSum a = *this;
  a.normalise();
  std::size_t lo = 0, hi = a.limbs_.size();
  while (lo < hi && a.limbs_[lo] == 0) ++lo;
  while (hi > lo && a.limbs_[hi - 1] == 0) --hi;
  out.push_back(static_cast<std::int64_t>(lo));
  out.push_back(static_cast<std::int64_t>(hi - lo));
  out.insert(out.end(), a.limbs_.begin() + static_cast<std::ptrdiff_t>(lo),
             a.limbs_.begin() + static_cast<std::ptrdiff_t>(hi));
  out.push_back(a.nan_);
  out.push_back(a.positive_inf_);
  out.push_back(a.negative_inf_);
}

ExactSum ExactSum::unpack(const std::int64_t*& in) {
  ExactSum a;
  const auto lo = static_cast<std::size_t>(*in++);
  const auto count = static_cast<std::size_t>(*in++);
  MOCE_ASSERT(lo + count <= a.limbs_.size(), "corrupt packed ExactSum");
  for (std::size_t k = 0; k < count; ++k) a.limbs_[lo + k] = *in++;
  a.nan_ = *in++;
  a.positive_inf_ = *in++;
  a.negative_inf_ = *in++;
  a.pending_ = 1;
  return a;
}

void PackedExactSums::push_back(const PackedExactSums& from, std::size_t i) {
  const auto w = from.words(i, i + 1);
  offsets_.push_back(words_.size());
  words_.insert(words_.end(), w.begin(), w.end());
}

ExactSum PackedExactSums::at(std::size_t i) const {
  const std::int64_t* in = words_.data() + offsets_[i];
  return ExactSum::unpack(in);
}

std::span<const std::int64_t> PackedExactSums::words(std::size_t from, std::size_t to) const {
  const std::size_t begin = from < size() ? offsets_[from] : words_.size();
  const std::size_t end = to < size() ? offsets_[to] : words_.size();
  return {words_.data() + begin, end - begin};
}

PackedExactSums PackedExactSums::from_words(std::vector<std::int64_t> words) {
  PackedExactSums out;
  // Each sum is [first limb, limb count, limbs..., three non-finite counts].
  for (std::size_t at = 0; at < words.size(); at += 5 + static_cast<std::size_t>(words[at + 1])) {
    MOCE_ASSERT(at + 1 < words.size() && words[at + 1] >= 0 && words[at + 1] <= ExactSum::kLimbs,
                "corrupt packed ExactSum list");
    out.offsets_.push_back(at);
  }
  out.words_ = std::move(words);
  return out;
}

void add_square(ExactSum& sxx, double x) {
  const double p = x * x;
  sxx.add(p);
  // fl(x*x) + fma error is x^2 exactly when finite; an overflowed square adds only its +inf.
  if (std::isfinite(p)) sxx.add(std::fma(x, x, -p));
}

double squared_deviations(const ExactSum& sx, const ExactSum& sxx, std::int64_t n) {
  if (n < 1) return 0.0;
  DoubleDouble s{}, q{};
  sx.to_double_double(s.hi, s.lo);
  sxx.to_double_double(q.hi, q.lo);
  if (std::isfinite(s.hi) && q.hi == std::numeric_limits<double>::infinity()) return q.hi;  // x^2 overflowed
  if (!std::isfinite(s.hi) || !std::isfinite(q.hi)) return std::numeric_limits<double>::quiet_NaN();
  const double m2 = subtract(q, divide(square(s), static_cast<double>(n)));
  return m2 > 0 ? m2 : 0.0;
}

}  // namespace moce
