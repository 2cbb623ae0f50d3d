// Concatenating relations, locally and across ranks.
#include "operators/relational/concat.hpp"

namespace moce {
namespace {

template <class T>
std::vector<T> joined(const std::vector<Relation>& parts, std::size_t c) {
  std::vector<T> out;
  for (auto& p : parts) {
    auto values = p.column(c).values<T>();
    out.insert(out.end(), values.begin(), values.end());
  }
  return out;
}

}  // namespace

Relation concat(const std::vector<Relation>& parts) {
  if (parts.empty()) return {};
  const Relation& first = parts.front();
  for (std::size_t i = 1; i < parts.size(); ++i) {
    if (parts[i].names() != first.names())
      throw Error(cat("concat: relation ", i, " has other columns than relation 0"));
    for (std::size_t c = 0; c < first.num_columns(); ++c) {
      const Column &a = first.column(c), &b = parts[i].column(c);
      if (a.type() != b.type() || (a.type() == ColumnType::kCategorical && a.dictionary() != b.dictionary() &&
                                   !(*a.dictionary() == *b.dictionary())))
        throw Error(cat("concat: column '", first.name(c), "' of relation ", i,
                        " differs in type or dictionary from relation 0"));
    }
  }
  Relation out;
  for (std::size_t c = 0; c < first.num_columns(); ++c) {
    const Column& col = first.column(c);
    switch (col.type()) {
      case ColumnType::kInt64:
        out.add(first.name(c), Column::int64(joined<std::int64_t>(parts, c)));
        break;
      case ColumnType::kDouble:
        out.add(first.name(c), Column::real(joined<double>(parts, c)));
        break;
      case ColumnType::kCategorical:
        out.add(first.name(c), Column::categorical(joined<std::int32_t>(parts, c), col.dictionary()));
        break;
    }
  }
  return out;
}

Relation allgather_relation(const Context& group, const Relation& local) {
  Relation out;
  for (std::size_t c = 0; c < local.num_columns(); ++c) {
    const Column& col = local.column(c);
    switch (col.type()) {
      case ColumnType::kInt64:
        out.add(local.name(c), Column::int64(group.allgatherv(col.int64s())));
        break;
      case ColumnType::kDouble:
        out.add(local.name(c), Column::real(group.allgatherv(col.reals())));
        break;
      case ColumnType::kCategorical:
        out.add(local.name(c), Column::categorical(group.allgatherv(col.codes()), col.dictionary()));
        break;
    }
  }
  return out;
}

}  // namespace moce
