// Sequences as relation + CSR offsets.
#include "operators/data/sequence.hpp"

namespace moce {

Sequence::Sequence(Relation rows, std::vector<std::int64_t> offsets)
    : rows_(std::move(rows)), offsets_(std::move(offsets)) {
  if (offsets_.empty() || offsets_.front() != 0)
    throw Error("sequence offsets must start with 0");
  for (std::size_t i = 1; i < offsets_.size(); ++i)
    if (offsets_[i] < offsets_[i - 1])
      throw Error(cat("sequence offsets decrease at part ", i - 1, ": ", offsets_[i - 1], " then ", offsets_[i]));
  if (static_cast<std::size_t>(offsets_.back()) != rows_.num_rows())
    throw Error(cat("sequence offsets end at ", offsets_.back(), " but the relation has ",
                    rows_.num_rows(), " rows"));
}

Sequence Sequence::from_sorted(Relation rows, std::string_view key, std::string_view time,
                               std::int64_t num_parts) {
  auto keys = rows.column(key).int64s();
  auto& time_column = rows.column(time);
  std::vector<std::int64_t> offsets(static_cast<std::size_t>(num_parts) + 1, 0);
  for (std::size_t r = 0; r < keys.size(); ++r) {
    if (keys[r] < 0 || keys[r] >= num_parts)
      throw Error(cat("row ", r, ": key ", keys[r], " outside [0, ", num_parts, ")"));
    if (r > 0) {
      bool ordered = keys[r] > keys[r - 1];
      if (keys[r] == keys[r - 1]) {
        ordered = time_column.type() == ColumnType::kDouble
                      ? time_column.reals()[r] >= time_column.reals()[r - 1]
                      : time_column.int64s()[r] >= time_column.int64s()[r - 1];
      }
      if (!ordered) throw Error(cat("row ", r, " is not sorted by (", key, ", ", time, ")"));
    }
    ++offsets[static_cast<std::size_t>(keys[r]) + 1];
  }
  for (std::size_t i = 1; i < offsets.size(); ++i) offsets[i] += offsets[i - 1];
  return Sequence(std::move(rows), std::move(offsets));
}

Relation Sequence::part(std::size_t i) const {
  MOCE_ASSERT(i + 1 < offsets_.size(), "part ", i, " of ", num_parts());
  return rows_.slice(static_cast<std::size_t>(offsets_[i]), part_size(i));
}

Sequence Sequence::slice_parts(std::size_t begin, std::size_t count) const {
  MOCE_ASSERT(begin + count <= num_parts(), "parts [", begin, ", ", begin + count, ") of ", num_parts());
  std::vector<std::int64_t> offsets(count + 1);
  for (std::size_t i = 0; i <= count; ++i) offsets[i] = offsets_[begin + i] - offsets_[begin];
  const auto first = static_cast<std::size_t>(offsets_[begin]);
  const auto length = static_cast<std::size_t>(offsets[count]);  // read before offsets is moved from
  return Sequence(rows_.slice(first, length), std::move(offsets));
}

bool Sequence::equals(const Sequence& other) const {
  return offsets_ == other.offsets_ && rows_.equals(other.rows_);
}

}  // namespace moce
