// Columnar relations.
#include "operators/data/relation.hpp"

namespace moce {

Relation& Relation::add(std::string name, Column column) {
  if (has(name)) throw Error(cat("relation already has a column '", name, "'"));
  if (!columns_.empty() && column.size() != rows_)
    throw Error(cat("column '", name, "' has ", column.size(), " rows, but the relation has ", rows_));
  rows_ = column.size();
  columns_.emplace_back(std::move(name), std::move(column));
  return *this;
}

int Relation::index_of(std::string_view name) const {
  for (std::size_t i = 0; i < columns_.size(); ++i)
    if (columns_[i].first == name) return static_cast<int>(i);
  return -1;
}

const Column& Relation::column(std::string_view name) const {
  int i = index_of(name);
  if (i < 0) {
    std::string present;
    for (auto& [n, c] : columns_) present += (present.empty() ? "" : ", ") + n;
    throw Error(cat("no column '", name, "' (columns: ", present.empty() ? "none" : present, ")"));
  }
  return columns_[static_cast<std::size_t>(i)].second;
}

std::vector<std::string> Relation::names() const {
  std::vector<std::string> out;
  for (auto& [n, c] : columns_) out.push_back(n);
  return out;
}

Relation Relation::slice(std::size_t begin, std::size_t count) const {
  MOCE_ASSERT(begin + count <= rows_, "slice [", begin, ", ", begin + count, ") of ", rows_, " rows");
  Relation out;
  for (auto& [n, c] : columns_) out.add(n, c.slice(begin, count));
  out.rows_ = count;
  return out;
}

Relation Relation::gather(std::span<const std::int64_t> rows) const {
  Relation out;
  for (auto& [n, c] : columns_) out.add(n, c.gather(rows));
  out.rows_ = rows.size();
  return out;
}

Relation Relation::project(const std::vector<std::string>& names) const {
  Relation out;
  for (auto& n : names) out.add(n, column(n));
  out.rows_ = names.empty() ? 0 : rows_;
  return out;
}

std::size_t Relation::bytes() const {
  std::size_t total = 0;
  for (auto& [n, c] : columns_) total += c.bytes();
  return total;
}

bool Relation::equals(const Relation& other) const {
  if (columns_.size() != other.columns_.size() || rows_ != other.rows_) return false;
  for (std::size_t i = 0; i < columns_.size(); ++i)
    if (columns_[i].first != other.columns_[i].first || !columns_[i].second.equals(other.columns_[i].second))
      return false;
  return true;
}

}  // namespace moce
