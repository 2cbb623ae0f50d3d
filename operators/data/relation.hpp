// Relation: a columnar table of named, equally long typed columns. Slices share buffers.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "operators/data/column.hpp"

namespace moce {

class Relation {
 public:
  Relation() = default;

  // Adds a column; its length must match the columns already present.
  Relation& add(std::string name, Column column);

  std::size_t num_rows() const { return rows_; }
  std::size_t num_columns() const { return columns_.size(); }
  bool has(std::string_view name) const { return index_of(name) >= 0; }
  // The column called `name`; throws Error naming the missing column and the ones present.
  const Column& column(std::string_view name) const;
  const Column& column(std::size_t i) const { return columns_[i].second; }
  const std::string& name(std::size_t i) const { return columns_[i].first; }
  std::vector<std::string> names() const;

  // Rows [begin, begin + count), zero-copy.
  Relation slice(std::size_t begin, std::size_t count) const;
  // Rows at `rows`, in that order.
  Relation gather(std::span<const std::int64_t> rows) const;
  // Only the named columns, in that order (zero-copy).
  Relation project(const std::vector<std::string>& names) const;
  std::size_t bytes() const;
  bool equals(const Relation& other) const;  // same names, order and values

 private:
  int index_of(std::string_view name) const;
  std::vector<std::pair<std::string, Column>> columns_;
  std::size_t rows_ = 0;
};

}  // namespace moce
