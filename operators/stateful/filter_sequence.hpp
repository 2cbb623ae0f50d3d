// FilterSequence (sec. 4.1 Psi_p): keep the events of each part that satisfy a predicate, or
// keep whole parts chosen by a predicate on the part.
#pragma once

#include <functional>
#include <optional>
#include <string>

#include "operators/data/sequence.hpp"
#include "operators/relational/predicate.hpp"

namespace moce {

class FilterSequence {
 public:
  using PartPredicate = std::function<bool(const Relation& part)>;

  // Row filter (the paper's Psi_p): every part keeps its matching rows, in order.
  explicit FilterSequence(Predicate rows) : rows_(std::move(rows)) {}
  // Part filter: a part `keep` rejects becomes empty. Part indices never shift, so part i still
  // means session i. `name` identifies the function (a std::function has no stable identity).
  static FilterSequence parts(std::string name, PartPredicate keep);

  std::string name() const;
  Sequence run(const Sequence& events) const;

 private:
  FilterSequence() = default;
  std::optional<Predicate> rows_;
  std::string part_name_;
  PartPredicate keep_;
};

}  // namespace moce
