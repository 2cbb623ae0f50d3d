// Relationalize: expand the CSR offsets into a part column.
#include "operators/stateful/relationalize.hpp"

namespace moce {

Relation Relationalize::run(const Sequence& events, std::int64_t first_part) const {
  const Relation& rows = events.rows();
  if (rows.has(part_column_)) throw Error(cat("relationalize: the sequence already has a column '", part_column_, "'"));
  std::vector<std::int64_t> part(rows.num_rows());
  auto offsets = events.offsets();
  for (std::size_t p = 0; p < events.num_parts(); ++p)
    for (auto r = offsets[p]; r < offsets[p + 1]; ++r)
      part[static_cast<std::size_t>(r)] = first_part + static_cast<std::int64_t>(p);
  Relation out;
  out.add(part_column_, Column::int64(std::move(part)));
  for (std::size_t c = 0; c < rows.num_columns(); ++c) out.add(rows.name(c), rows.column(c));
  return out;
}

}  // namespace moce
