// Project (sec. 4.1 Phi): keep the named columns, in that order, sharing their buffers.
#pragma once

#include <string>
#include <vector>

#include "operators/data/relation.hpp"
#include "runtime/dag/hash.hpp"

namespace moce {

class Project {
 public:
  explicit Project(std::vector<std::string> columns) : columns_(std::move(columns)) {}
  std::string name() const;
  void hash_params(Hasher& h) const { h.add(columns_); }  // name() joins with ',': ambiguous
  const std::vector<std::string>& columns() const { return columns_; }
  // Throws Error naming a column the relation lacks.
  Relation run(const Relation& rows) const;

 private:
  std::vector<std::string> columns_;
};

}  // namespace moce
