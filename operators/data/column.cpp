// Typed columns over shared buffers.
#include "operators/data/column.hpp"

#include <cmath>

namespace moce {

const char* to_string(ColumnType type) {
  switch (type) {
    case ColumnType::kInt64: return "int64";
    case ColumnType::kDouble: return "double";
    case ColumnType::kCategorical: return "categorical";
  }
  return "?";
}

template <class T>
Column Column::own(std::vector<T> values, ColumnType type, DictionaryPtr dictionary) {
  Column c;
  auto buffer = std::make_shared<const std::vector<T>>(std::move(values));
  c.type_ = type;
  c.data_ = buffer->data();
  c.size_ = buffer->size();
  c.owner_ = std::move(buffer);
  c.dictionary_ = std::move(dictionary);
  return c;
}

Column Column::int64(std::vector<std::int64_t> values) {
  return own(std::move(values), ColumnType::kInt64, nullptr);
}
Column Column::real(std::vector<double> values) {
  return own(std::move(values), ColumnType::kDouble, nullptr);
}
Column Column::categorical(std::vector<std::int32_t> codes, DictionaryPtr dictionary) {
  MOCE_ASSERT(dictionary != nullptr, "a categorical column needs a dictionary");
  // A branch-free (vectorised) pass first; only a column with a bad code is walked again, to
  // name the first one. Every categorical column built passes here (~4% of the workflows).
  const std::int32_t size = dictionary->size();
  bool bad = false;
  for (auto code : codes) bad |= (code < kMissingCode) | (code >= size);
  if (bad)
    for (auto code : codes)
      MOCE_ASSERT(code == kMissingCode || (code >= 0 && code < size), "code ", code, " outside a dictionary of ",
                  size);
  return own(std::move(codes), ColumnType::kCategorical, std::move(dictionary));
}

namespace {
std::size_t width(ColumnType type) { return type == ColumnType::kCategorical ? 4 : 8; }
}  // namespace

Column Column::slice(std::size_t begin, std::size_t count) const {
  MOCE_ASSERT(begin + count <= size_, "slice [", begin, ", ", begin + count, ") of ", size_, " rows");
  Column c = *this;
  c.data_ = static_cast<const char*>(data_) + begin * width(type_);
  c.size_ = count;
  return c;
}

Column Column::gather(std::span<const std::int64_t> rows) const {
  auto pick = [&](auto values) {
    using T = typename decltype(values)::value_type;
    // Rows are checked in one branch-free pass, then copied without per-row checks.
    bool bad = false;
    for (auto r : rows) bad |= static_cast<std::uint64_t>(r) >= size_;
    if (bad)
      for (auto r : rows) MOCE_ASSERT(r >= 0 && static_cast<std::size_t>(r) < size_, "row ", r, " of ", size_);
    std::vector<std::remove_const_t<T>> out(rows.size());
    for (std::size_t i = 0; i < rows.size(); ++i) out[i] = values[static_cast<std::size_t>(rows[i])];
    return out;
  };
  switch (type_) {
    case ColumnType::kInt64: return int64(pick(int64s()));
    case ColumnType::kDouble: return real(pick(reals()));
    case ColumnType::kCategorical: return own(pick(codes()), type_, dictionary_);
  }
  return {};
}

std::size_t Column::bytes() const { return size_ * width(type_); }

bool Column::equals(const Column& other) const {
  if (type_ != other.type_ || size_ != other.size_) return false;
  if (type_ == ColumnType::kCategorical) {
    if ((dictionary_ == nullptr) != (other.dictionary_ == nullptr)) return false;
    if (dictionary_ && !(*dictionary_ == *other.dictionary_)) return false;
    auto a = codes(), b = other.codes();
    return std::equal(a.begin(), a.end(), b.begin());
  }
  if (type_ == ColumnType::kInt64) {
    auto a = int64s(), b = other.int64s();
    return std::equal(a.begin(), a.end(), b.begin());
  }
  auto a = reals(), b = other.reals();
  for (std::size_t i = 0; i < size_; ++i)
    if (!(a[i] == b[i] || (std::isnan(a[i]) && std::isnan(b[i])))) return false;
  return true;
}

}  // namespace moce
