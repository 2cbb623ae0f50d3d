// A direct-mapped memo in front of Dictionary::intern for the categorical cells of a CSV column.
// Such a column repeats a few dozen to a few thousand values; a cheap hash of the cell and one
// comparison cost far less than the dictionary's own hash map (murmur hash, a modulo by a prime,
// a node chase), which took ~11% of a telemetry import.
#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "operators/data/dictionary.hpp"

namespace moce::telemetry {

class InternCache {
 public:
  explicit InternCache(Dictionary& dictionary) : dictionary_(dictionary), slots_(kSlots) {}

  // The cell's code, interned if new; an empty cell is missing (kMissingCode).
  std::int32_t code(std::string_view text) {
    if (text.empty()) return kMissingCode;
    auto& slot = slots_[hash(text) & (kSlots - 1)];
    if (slot.code != kMissingCode && slot.text == text) return slot.code;
    slot.code = dictionary_.intern(text);
    slot.text.assign(text);
    return slot.code;
  }

 private:
  static constexpr std::size_t kSlots = 4096;
  struct Slot {
    std::string text;
    std::int32_t code = kMissingCode;
  };
  // The length and the first and last 8 bytes: cells of one column often share a prefix
  // (/api/v1/...) but rarely a prefix, a suffix and a length.
  static std::uint64_t hash(std::string_view text) {
    std::uint64_t head = 0, tail = 0;
    const std::size_t n = text.size();
    std::memcpy(&head, text.data(), n < 8 ? n : 8);
    if (n > 8) std::memcpy(&tail, text.data() + n - 8, 8);
    std::uint64_t h = (head * 0x9e3779b97f4a7c15ULL) ^ (tail * 0xc2b2ae3d27d4eb4fULL) ^ n;
    return h ^ (h >> 29) ^ (h >> 47);
  }

  Dictionary& dictionary_;
  std::vector<Slot> slots_;
};

}  // namespace moce::telemetry
