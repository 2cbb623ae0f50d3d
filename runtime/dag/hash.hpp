// Stable 64-bit keys of lazy DAG nodes: FNV-1a over a canonical byte encoding of values, so the
// same call gives the same key in every process, run and rank (no pointers, no std::hash).
#pragma once

#include <array>
#include <bit>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

namespace moce {

// The identity of a lazy DAG node (and of any value that enters one).
using Key = std::uint64_t;

inline constexpr std::uint64_t kFnvOffsetBasis = 14695981039346656037ULL;
inline constexpr std::uint64_t kFnvPrime = 1099511628211ULL;

class Hasher;

namespace detail {
template <class T>
struct IsStdVector : std::false_type {};
template <class T, class A>
struct IsStdVector<std::vector<T, A>> : std::true_type {};
template <class T>
struct IsStdArray : std::false_type {};
template <class T, std::size_t N>
struct IsStdArray<std::array<T, N>> : std::true_type {};
template <class T>
struct IsStdPairOrTuple : std::false_type {};
template <class A, class B>
struct IsStdPairOrTuple<std::pair<A, B>> : std::true_type {};
template <class... Ts>
struct IsStdPairOrTuple<std::tuple<Ts...>> : std::true_type {};
template <class T>
struct IsStdOptional : std::false_type {};
template <class T>
struct IsStdOptional<std::optional<T>> : std::true_type {};
}  // namespace detail

// The canonical encoding, which the golden-key test reproduces by hand:
//   integers, bools, enums: widened to 64 bits (two's complement), 8 bytes little-endian;
//   floating point: the IEEE-754 bits of the value as a double, 8 bytes little-endian, every NaN
//     as 0x7ff8000000000000 (so int32 3 and int64 3 agree, but 3 and 3.0 do not);
//   strings: the length (as an integer) then the bytes;
//   vector/array: the element count then each element; pair/tuple: each member in order;
//   optional: 0, or 1 then the value.
// Other types opt in with a member `void hash_append(moce::Hasher&) const` or a free function
// `void hash_append(moce::Hasher&, const T&)` found by argument-dependent lookup.
class Hasher {
 public:
  void add_bytes(const void* data, std::size_t size) {
    const auto* bytes = static_cast<const unsigned char*>(data);
    std::uint64_t state = state_;
    for (std::size_t i = 0; i < size; ++i) {
      state ^= bytes[i];
      state *= kFnvPrime;
    }
    state_ = state;
  }
  void add_u8(std::uint8_t value) {
    state_ ^= value;
    state_ *= kFnvPrime;
  }
  void add_u64(std::uint64_t value) {
    for (int i = 0; i < 8; ++i) add_u8(static_cast<std::uint8_t>(value >> (8 * i)));
  }
  void add_string(std::string_view text) {
    add_u64(text.size());
    add_bytes(text.data(), text.size());
  }

  template <class T>
  void add(const T& value);

  Key key() const { return state_; }

 private:
  std::uint64_t state_ = kFnvOffsetBasis;
};

template <class T>
void Hasher::add(const T& value) {
  using V = std::remove_cvref_t<T>;
  if constexpr (requires(Hasher& h) { value.hash_append(h); }) {
    value.hash_append(*this);
  } else if constexpr (std::is_enum_v<V>) {
    add(static_cast<std::underlying_type_t<V>>(value));
  } else if constexpr (std::is_integral_v<V> && std::is_signed_v<V>) {
    add_u64(static_cast<std::uint64_t>(static_cast<std::int64_t>(value)));
  } else if constexpr (std::is_integral_v<V>) {
    add_u64(static_cast<std::uint64_t>(value));
  } else if constexpr (std::is_floating_point_v<V>) {
    const double d = static_cast<double>(value);
    add_u64(std::isnan(d) ? 0x7ff8000000000000ULL : std::bit_cast<std::uint64_t>(d));
  } else if constexpr (std::is_convertible_v<const V&, std::string_view>) {
    add_string(std::string_view(value));
  } else if constexpr (detail::IsStdVector<V>::value || detail::IsStdArray<V>::value) {
    add_u64(value.size());
    for (const auto& element : value) add(element);
  } else if constexpr (detail::IsStdPairOrTuple<V>::value) {
    std::apply([this](const auto&... member) { (add(member), ...); }, value);
  } else if constexpr (detail::IsStdOptional<V>::value) {
    add_u8(value.has_value() ? 1 : 0);
    if (value) add(*value);
  } else if constexpr (requires(Hasher& h) { hash_append(h, value); }) {
    hash_append(*this, value);
  } else {
    static_assert(sizeof(V) == 0,
                  "moce::Hasher: give this type a member `void hash_append(moce::Hasher&) const` "
                  "or a free `void hash_append(moce::Hasher&, const T&)`");
  }
}

// The key of one value on its own (e.g. to tag a corpus or a config in a node's parameters).
template <class T>
Key hash_of(const T& value) {
  Hasher hasher;
  hasher.add(value);
  return hasher.key();
}

}  // namespace moce
