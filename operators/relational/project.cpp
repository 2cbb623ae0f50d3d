// Project: a zero-copy column selection.
#include "operators/relational/project.hpp"

namespace moce {

std::string Project::name() const {
  std::string s = "project(";
  for (std::size_t i = 0; i < columns_.size(); ++i) s += cat(i ? "," : "", columns_[i]);
  return s + ")";
}

Relation Project::run(const Relation& rows) const { return rows.project(columns_); }

}  // namespace moce
