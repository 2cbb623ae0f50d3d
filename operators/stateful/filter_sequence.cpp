// FilterSequence: a row mask or a part mask turned into new CSR offsets and a gather.
#include "operators/stateful/filter_sequence.hpp"

namespace moce {

FilterSequence FilterSequence::parts_keyed(std::string identity, PartPredicate keep, Key params) {
  FilterSequence f;
  f.part_name_ = std::move(identity);
  f.keep_ = std::move(keep);
  f.params_ = params;
  return f;
}

std::string FilterSequence::name() const {
  return rows_ ? "filter_sequence(" + rows_->to_string() + ")" : "filter_parts(" + part_name_ + ")";
}

Sequence FilterSequence::run(const Sequence& events) const {
  const std::size_t num_parts = events.num_parts();
  auto in = events.offsets();
  std::vector<std::uint8_t> mask;
  if (rows_) {
    mask = rows_->mask(events.rows());
  } else {
    mask.assign(events.rows().num_rows(), 0);
    for (std::size_t p = 0; p < num_parts; ++p)
      if (events.part_size(p) > 0 && keep_(events.part(p)))
        std::fill(mask.begin() + in[p], mask.begin() + in[p + 1], 1);
  }
  std::vector<std::int64_t> offsets(num_parts + 1, 0), rows;
  for (std::size_t p = 0; p < num_parts; ++p) {
    for (auto r = in[p]; r < in[p + 1]; ++r)
      if (mask[static_cast<std::size_t>(r)]) rows.push_back(r);
    offsets[p + 1] = static_cast<std::int64_t>(rows.size());
  }
  if (rows.size() == events.rows().num_rows()) return events;
  return Sequence(events.rows().gather(rows), std::move(offsets));
}

}  // namespace moce
