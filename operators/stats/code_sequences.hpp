// CodeSequences: many int32 code sequences in CSR form (sequence i is codes[offsets[i],
// offsets[i+1])), the input of the event-pattern operators. It keeps its codes and offsets alive
// (SharedSpan), so it can be a node result that outlives the Sequence it was taken from.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "operators/data/sequence.hpp"
#include "operators/stats/shared_span.hpp"

namespace moce {

struct CodeSequences {
  SharedSpan<std::int32_t> codes;
  SharedSpan<std::int64_t> offsets;  // size() + 1 entries, starting at 0

  std::size_t size() const { return offsets.empty() ? 0 : offsets.size() - 1; }
  std::span<const std::int32_t> at(std::size_t i) const {
    return codes.span().subspan(static_cast<std::size_t>(offsets[i]),
                                static_cast<std::size_t>(offsets[i + 1] - offsets[i]));
  }
  // Sequences with at least one code: the sessions a per-session count or share is taken over
  // (a part filter leaves rejected sessions in place, empty).
  std::size_t num_nonempty() const {
    std::size_t n = 0;
    for (std::size_t i = 0; i + 1 < offsets.size(); ++i) n += offsets[i + 1] > offsets[i] ? 1 : 0;
    return n;
  }
  void hash_append(Hasher& hasher) const {
    hasher.add(codes);
    hasher.add(offsets);
  }
};

// The codes of a Sequence's categorical column `column` (e.g. the event type): the codes are
// shared with the column (zero-copy), the offsets copied (one entry per part).
inline CodeSequences code_sequences(const Sequence& sequence, std::string_view column) {
  const auto offsets = sequence.offsets();
  return {SharedSpan<std::int32_t>::of(sequence.rows().column(column)),
          std::vector<std::int64_t>(offsets.begin(), offsets.end())};
}

}  // namespace moce
