// Filter: evaluate the predicate's mask, then gather.
#include "operators/relational/filter.hpp"

namespace moce {

Relation Filter::run(const Relation& rows) const {
  auto ids = row_ids(rows);
  // Everything kept: the input itself, sharing its buffers.
  if (ids.size() == rows.num_rows()) return rows;
  return rows.gather(ids);
}

}  // namespace moce
