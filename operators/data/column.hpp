// A typed column: int64, double, or dictionary-coded categorical (int32 codes). Columns share
// their buffer, so slicing and copying a column never copies its values.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "operators/data/dictionary.hpp"
#include "runtime/error.hpp"

namespace moce {

enum class ColumnType { kInt64, kDouble, kCategorical };
const char* to_string(ColumnType type);

template <class T>
constexpr ColumnType column_type_of();
template <>
constexpr ColumnType column_type_of<std::int64_t>() { return ColumnType::kInt64; }
template <>
constexpr ColumnType column_type_of<double>() { return ColumnType::kDouble; }
template <>
constexpr ColumnType column_type_of<std::int32_t>() { return ColumnType::kCategorical; }

class Column {
 public:
  Column() = default;
  static Column int64(std::vector<std::int64_t> values);
  static Column real(std::vector<double> values);  // missing = NaN
  static Column categorical(std::vector<std::int32_t> codes, DictionaryPtr dictionary);

  ColumnType type() const { return type_; }
  std::size_t size() const { return size_; }
  const DictionaryPtr& dictionary() const { return dictionary_; }

  // The values, typed; asking for the wrong type is a bug.
  template <class T>
  std::span<const T> values() const {
    MOCE_ASSERT(type_ == column_type_of<T>(), "column of type ", to_string(type_), " read as ",
                to_string(column_type_of<T>()));
    return {static_cast<const T*>(data_), size_};
  }
  std::span<const std::int64_t> int64s() const { return values<std::int64_t>(); }
  std::span<const double> reals() const { return values<double>(); }
  std::span<const std::int32_t> codes() const { return values<std::int32_t>(); }

  // Rows [begin, begin + count), sharing this column's buffer.
  Column slice(std::size_t begin, std::size_t count) const;
  // Rows at `rows`, in that order (a copy).
  Column gather(std::span<const std::int64_t> rows) const;
  std::size_t bytes() const;
  bool equals(const Column& other) const;  // same type, dictionary values and data (NaN == NaN)

 private:
  template <class T>
  static Column own(std::vector<T> values, ColumnType type, DictionaryPtr dictionary);

  ColumnType type_ = ColumnType::kInt64;
  std::shared_ptr<const void> owner_;
  const void* data_ = nullptr;
  std::size_t size_ = 0;
  DictionaryPtr dictionary_;
};

}  // namespace moce
