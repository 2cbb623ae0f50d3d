// Project (sec. 4.1 Phi): keep the named columns, in that order, sharing their buffers.
#pragma once

#include <string>
#include <vector>

#include "operators/data/relation.hpp"

namespace moce {

class Project {
 public:
  explicit Project(std::vector<std::string> columns) : columns_(std::move(columns)) {}
  std::string name() const;
  const std::vector<std::string>& columns() const { return columns_; }
  // Throws Error naming a column the relation lacks.
  Relation run(const Relation& rows) const;

 private:
  std::vector<std::string> columns_;
};

}  // namespace moce
