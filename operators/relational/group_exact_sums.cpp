// GroupExactSums: the per-column bin placement, the one-add hot loop, and the outlier path.
#include "operators/relational/group_exact_sums.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <limits>

namespace moce {
namespace {

constexpr std::uint64_t kMantissa = (std::uint64_t{1} << 52) - 1;
constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr std::uint64_t kInfBits = std::uint64_t{0x7ff} << 52;
constexpr std::uint64_t kLow53 = (std::uint64_t{1} << 53) - 1;
// Largest mantissa position p whose square's high half (below 2^(2p - 968)) stays finite with
// room to spare, so add_square never overflows for a binned square.
constexpr int kLargestSquaredPosition = 1530;

// A finite double as m 2^(p - 1074): p is ExactSum's bit position of the mantissa's last bit.
struct Parts {
  std::uint64_t m;
  int p;
};
[[gnu::always_inline]] inline Parts parts(std::uint64_t bits) {
  const int biased = static_cast<int>(bits >> 52) & 0x7ff;
  return {(bits & kMantissa) | (static_cast<std::uint64_t>(biased != 0) << 52), biased - (biased != 0)};
}

// The mantissa with x's sign.
[[gnu::always_inline]] inline std::int64_t signed_mantissa(std::uint64_t m, std::uint64_t bits) {
  const auto sign = -static_cast<std::int64_t>(bits >> 63);  // 0 or -1
  return (static_cast<std::int64_t>(m) ^ sign) - sign;
}

// piece * 2^shift for 0 <= shift <= 63, as a 128-bit two's complement value: plain 64-bit
// shifts (the high word's arithmetic shift in two steps, so shift 0 needs no special case).
[[gnu::always_inline]] inline ExactSum::Fixed shifted(std::int64_t piece, int shift) {
  const auto low = static_cast<std::uint64_t>(piece) << shift;
  const auto high = static_cast<std::uint64_t>((piece >> 1) >> (63 - shift));
  return (ExactSum::Fixed{high} << 64) | low;
}

}  // namespace

GroupExactSums::GroupExactSums(const std::vector<const double*>& columns, std::size_t rows, bool squares)
    : values_(columns.size()),
      squares_(squares),
      sum_(values_),
      square_low_(squares ? values_ : 0),
      square_high_(squares ? values_ : 0),
      nans_(values_),
      columns_(columns),
      limbs_(values_) {
  // A bin holds `rows` values below 2^width units without reaching 2^126 (the sign bit is 127);
  // at most 116 bits wide, so a 53-bit mantissa is never shifted by more than 63.
  const int width = std::min(126 - static_cast<int>(std::bit_width(rows)), 116);
  limit_ = width - 53;
  for (std::size_t v = 0; v < values_; ++v) {
    double largest = 0;  // the largest finite magnitude (a loop the compiler vectorises)
    const double* x = columns[v];
    for (std::size_t r = 0; r < rows; ++r) {
      const double u = std::fabs(x[r]);
      largest = std::max(largest, u < kInf ? u : 0.0);
    }
    const int p = parts(std::bit_cast<std::uint64_t>(largest)).p;
    sum_[v].base = std::max(p + 53 - width, 0);
    if (!squares) continue;
    // Low halves of m^2 sit at 2p - 1074 (below 2^53 units there), high halves 53 bits up.
    // Bases stay >= 0 so a binned square is never below 2^-1074, where add_square rounds.
    square_low_[v].base = p > kLargestSquaredPosition ? kNone : std::max(2 * p - 1074 + 53 - width, 0);
    square_high_[v].base = p > kLargestSquaredPosition ? kNone : square_low_[v].base + 53;
  }
}

void GroupExactSums::add_chunk(const std::int32_t* id, std::size_t len, std::size_t begin, std::size_t slots) {
  for (std::size_t v = 0; v < values_; ++v) {
    for (Bins* b : {&sum_[v], squares_ ? &square_low_[v] : nullptr, squares_ ? &square_high_[v] : nullptr})
      if (b && b->bins.size() < slots) b->bins.resize(slots, 0);
    add_column(v, id, len, columns_[v] + begin);
  }
}

void GroupExactSums::add_column(std::size_t v, const std::int32_t* id, std::size_t len, const double* x) {
  // One unsigned compare per bin catches a value below it (shift < 0), NaN and inf (shift
  // beyond the limit, as their p = 2046 exceeds every finite p); zero is placed at shift 0.
  Bin* sum = sum_[v].bins.data();
  const int base = sum_[v].base;
  const auto limit = static_cast<unsigned>(limit_);
  if (!squares_) {
    for (std::size_t i = 0; i < len; ++i) {
      const auto bits = std::bit_cast<std::uint64_t>(x[i]);
      const Parts a = parts(bits);
      const int shift = a.m == 0 ? 0 : a.p - base;
      if (static_cast<unsigned>(shift) > limit) [[unlikely]] {
        outlier(v, static_cast<std::size_t>(id[i]), x[i]);
        continue;
      }
      sum[static_cast<std::size_t>(id[i])] += shifted(signed_mantissa(a.m, bits), shift);
    }
    return;
  }
  Bin* low = square_low_[v].bins.data();
  Bin* high = square_high_[v].bins.data();
  const int square_base = square_low_[v].base;
  for (std::size_t i = 0; i < len; ++i) {
    const auto bits = std::bit_cast<std::uint64_t>(x[i]);
    const Parts a = parts(bits);
    const int shift = a.m == 0 ? 0 : a.p - base, square_shift = a.m == 0 ? 0 : 2 * a.p - 1074 - square_base;
    if (static_cast<unsigned>(shift) > limit || static_cast<unsigned>(square_shift) > limit) [[unlikely]] {
      outlier(v, static_cast<std::size_t>(id[i]), x[i]);
      continue;
    }
    const auto g = static_cast<std::size_t>(id[i]);
    sum[g] += shifted(signed_mantissa(a.m, bits), shift);
    const Bin square = static_cast<Bin>(a.m) * a.m;
    low[g] += shifted(static_cast<std::int64_t>(static_cast<std::uint64_t>(square) & kLow53), square_shift);
    high[g] += shifted(static_cast<std::int64_t>(square >> 53), square_shift);
  }
}

namespace {
// piece 2^position in units 2^base, if that is an integer below 2^127; false otherwise.
bool place(std::uint64_t piece, int position, int base, GroupExactSums::Bin& out) {
  if (piece == 0) {
    out = 0;
    return true;
  }
  const int shift = position - base;
  if (shift >= 0) {
    out = static_cast<GroupExactSums::Bin>(piece) << shift;
    return true;
  }
  // Below the bin's unit, but trailing zero bits may make it a whole number of units.
  if (-shift > std::countr_zero(piece)) return false;
  out = piece >> -shift;
  return true;
}
}  // namespace

// A value the loop above cannot bin as it stands: NaN is counted, inf goes to the limbs, and a
// finite value goes to its bins if its trailing zeros let it (e.g. small integers), else to the
// limbs -- its square likewise, separately.
void GroupExactSums::outlier(std::size_t v, std::size_t slot, double x) {
  const auto bits = std::bit_cast<std::uint64_t>(x);
  if ((bits & kInfBits) == kInfBits) {
    if ((bits & kMantissa) != 0) {
      if (nans_[v].size() <= slot) nans_[v].resize(std::max(slot + 1, sum_[v].bins.size()), 0);
      ++nans_[v][slot];
      return;
    }
    limbs_.at(0, slot, v).add(x);
    if (squares_) add_square(limbs_.at(1, slot, v), x);
    return;
  }
  const Parts a = parts(bits);
  Bin value = 0;
  if (place(a.m, a.p, sum_[v].base, value)) {
    const Bin sign = Bin{0} - static_cast<Bin>(bits >> 63);
    sum_[v].bins[slot] += (value ^ sign) - sign;
  } else {
    limbs_.at(0, slot, v).add(x);
  }
  if (!squares_) return;
  const auto square = static_cast<Bin>(a.m) * a.m;
  const int position = 2 * a.p - 1074;
  Bin low = 0, high = 0;
  if (place(static_cast<std::uint64_t>(square) & kLow53, position, square_low_[v].base, low) &&
      place(static_cast<std::uint64_t>(square >> 53), position + 53, square_high_[v].base, high)) {
    square_low_[v].bins[slot] += low;
    square_high_[v].bins[slot] += high;
  } else {
    add_square(limbs_.at(1, slot, v), x);
  }
}

ExactSum GroupExactSums::extract(int kind, std::size_t slot, std::size_t v) {
  ExactSum out;
  auto from = [&](const Bins& b) {
    if (slot < b.bins.size() && b.bins[slot] != 0) out.add_fixed(b.bins[slot], b.base);
  };
  if (kind == 0) {
    from(sum_[v]);
  } else {
    from(square_low_[v]);
    from(square_high_[v]);
  }
  if (const ExactSum* rest = limbs_.find(static_cast<std::size_t>(kind), slot, v)) out.add(*rest);
  out.normalise();
  return out;
}

ExactSum& GroupExactSums::Limbs::at(std::size_t kind, std::size_t slot, std::size_t v) {
  const auto [it, added] = index_.try_emplace((slot * values_ + v) * 2 + kind, sums_.size());
  if (added) sums_.emplace_back();
  return sums_[it->second];
}

const ExactSum* GroupExactSums::Limbs::find(std::size_t kind, std::size_t slot, std::size_t v) const {
  auto it = index_.find((slot * values_ + v) * 2 + kind);
  return it == index_.end() ? nullptr : &sums_[it->second];
}

}  // namespace moce
