// FilterSequence (sec. 4.1 Psi_p): keep the events of each part that satisfy a predicate, or
// keep whole parts chosen by a predicate on the part.
#pragma once

#include <functional>
#include <optional>
#include <string>

#include "operators/data/sequence.hpp"
#include "operators/relational/predicate.hpp"
#include "runtime/dag/hash.hpp"

namespace moce {

class FilterSequence {
 public:
  using PartPredicate = std::function<bool(const Relation& part)>;

  // Row filter (the paper's Psi_p): every part keeps its matching rows, in order.
  explicit FilterSequence(Predicate rows) : rows_(std::move(rows)) {}
  // Part filter: a part `keep` rejects becomes empty. Part indices never shift, so part i still
  // means session i (count sessions with CodeSequences::num_nonempty, not num_parts). A
  // std::function has no stable identity: the node key is `identity` plus `params`, which must
  // be every value `keep` captures (hashable, see hash.hpp), so different predicates never share
  // a node:  FilterSequence::parts("longer_than", [n](const Relation& p) { ... }, n).
  template <class... Params>
  static FilterSequence parts(std::string identity, PartPredicate keep, const Params&... params) {
    Hasher h;
    (h.add(params), ...);
    return parts_keyed(std::move(identity), std::move(keep), h.key());
  }

  std::string name() const;
  void hash_params(Hasher& h) const {
    h.add(name());
    h.add_u64(params_);
  }
  Sequence run(const Sequence& events) const;

 private:
  FilterSequence() = default;
  static FilterSequence parts_keyed(std::string identity, PartPredicate keep, Key params);
  std::optional<Predicate> rows_;
  std::string part_name_;
  PartPredicate keep_;
  Key params_ = 0;
};

}  // namespace moce
