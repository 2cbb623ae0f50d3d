// The number of slots a table indexed by code needs: the largest code + 1 (0 for no codes);
// negative codes (kMissingCode) index nothing. One scan shared by every per-code table.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <span>

namespace moce {

inline std::size_t code_cardinality(std::span<const std::int32_t> codes) {
  std::int32_t most = -1;
  for (std::int32_t c : codes) most = std::max(most, c);
  return static_cast<std::size_t>(most + 1);
}

}  // namespace moce
