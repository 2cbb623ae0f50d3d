// Filter (SELECT, sec. 4.1 Phi): the rows of a relation where a predicate holds.
#pragma once

#include <string>

#include "operators/relational/predicate.hpp"

namespace moce {

class Filter {
 public:
  explicit Filter(Predicate predicate) : predicate_(std::move(predicate)) {}
  std::string name() const { return "filter(" + predicate_.to_string() + ")"; }
  const Predicate& predicate() const { return predicate_; }

  // Ids of the matching rows, ascending.
  std::vector<std::int64_t> row_ids(const Relation& rows) const { return rows_of(predicate_.mask(rows)); }
  // The matching rows, gathered in their order.
  Relation run(const Relation& rows) const;

 private:
  Predicate predicate_;
};

}  // namespace moce
