// CodeSequences: a read-only view of many int32 code sequences in CSR form (sequence i is
// codes[offsets[i], offsets[i+1])), the input of the event-pattern operators.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

#include "operators/data/sequence.hpp"

namespace moce {

struct CodeSequences {
  std::span<const std::int32_t> codes;
  std::span<const std::int64_t> offsets;  // size() + 1 entries, starting at 0

  std::size_t size() const { return offsets.empty() ? 0 : offsets.size() - 1; }
  std::span<const std::int32_t> at(std::size_t i) const {
    return codes.subspan(static_cast<std::size_t>(offsets[i]), static_cast<std::size_t>(offsets[i + 1] - offsets[i]));
  }
};

// A zero-copy view of a Sequence's categorical column `column` (e.g. the event type).
inline CodeSequences code_sequences(const Sequence& sequence, std::string_view column) {
  return {sequence.rows().column(column).codes(), sequence.offsets()};
}

}  // namespace moce
