// bytes_of(value): the bytes a cached node result holds, which the lazy DAG cache charges
// against its byte limit.
#pragma once

#include <cstddef>
#include <string>
#include <type_traits>
#include <vector>

namespace moce {

namespace detail {
template <class T>
struct IsVectorForBytes : std::false_type {};
template <class T, class A>
struct IsVectorForBytes<std::vector<T, A>> : std::true_type {};
}  // namespace detail

// The rules, in order:
//   a member `std::size_t bytes() const` wins (a Relation reports its column buffers);
//   arithmetic and enum types: sizeof;
//   std::string: sizeof(std::string) + size();
//   std::vector<T>: sizeof(vector) + size() * sizeof(T) for arithmetic T, else + the sum of
//     bytes_of over the elements;
//   anything else: sizeof(T). A type from a library you cannot change gets a non-template
//   overload `std::size_t bytes_of(const T&)` in its own namespace (found by ADL; it beats this
//   template in overload resolution).
template <class T>
std::size_t bytes_of(const T& value) {
  if constexpr (requires { { value.bytes() } -> std::convertible_to<std::size_t>; }) {
    return static_cast<std::size_t>(value.bytes());
  } else if constexpr (std::is_arithmetic_v<T> || std::is_enum_v<T>) {
    return sizeof(T);
  } else if constexpr (std::is_same_v<T, std::string>) {
    return sizeof(std::string) + value.size();
  } else if constexpr (detail::IsVectorForBytes<T>::value) {
    using Element = typename T::value_type;
    if constexpr (std::is_arithmetic_v<Element> || std::is_enum_v<Element>) {
      return sizeof(T) + value.size() * sizeof(Element);
    } else {
      std::size_t total = sizeof(T);
      for (const auto& element : value) total += bytes_of(element);
      return total;
    }
  } else {
    return sizeof(T);
  }
}

}  // namespace moce
