// KeyTable (and FlatTable for single 64-bit keys): an open-addressing hash index from fixed-width int64 key tuples to
// dense ids (0, 1, 2, ... in first-seen order). Shared by the sparse group-by, the hash join and n-grams.
#pragma once

#include <cstdint>
#include <cstring>
#include <span>
#include <vector>

namespace moce::detail {

// splitmix64's finalizer: a cheap, well-mixed hash that is the same on every rank, so it can
// also pick the owner rank of a key.
inline std::uint64_t mix64(std::uint64_t x) {
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ULL;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebULL;
  x ^= x >> 31;
  return x;
}

inline std::uint64_t hash_keys(const std::int64_t* key, std::size_t width) {
  std::uint64_t h = 0x9e3779b97f4a7c15ULL;
  for (std::size_t i = 0; i < width; ++i) h = mix64(h ^ static_cast<std::uint64_t>(key[i]));
  return h;
}

class KeyTable {
 public:
  explicit KeyTable(std::size_t width, std::size_t expected = 16) : width_(width) {
    std::size_t capacity = 16;
    while (capacity < 2 * expected) capacity *= 2;
    slots_.assign(capacity, -1);
  }

  std::size_t width() const { return width_; }
  std::size_t size() const { return count_; }
  // Key tuple of id `id`.
  const std::int64_t* key(std::int32_t id) const { return keys_.data() + static_cast<std::size_t>(id) * width_; }
  std::span<const std::int64_t> keys() const { return keys_; }

  // The id of `key`, adding it if new.
  std::int32_t find_or_insert(const std::int64_t* key) {
    if (2 * (count_ + 1) > slots_.size()) grow();
    std::size_t mask = slots_.size() - 1;
    for (std::size_t s = hash_keys(key, width_) & mask;; s = (s + 1) & mask) {
      std::int32_t id = slots_[s];
      if (id < 0) {
        id = static_cast<std::int32_t>(count_++);
        slots_[s] = id;
        keys_.insert(keys_.end(), key, key + width_);
        return id;
      }
      if (same(id, key)) return id;
    }
  }
  // The id of `key`, or -1.
  std::int32_t find(const std::int64_t* key) const {
    std::size_t mask = slots_.size() - 1;
    for (std::size_t s = hash_keys(key, width_) & mask;; s = (s + 1) & mask) {
      std::int32_t id = slots_[s];
      if (id < 0 || same(id, key)) return id;
    }
  }

 private:
  bool same(std::int32_t id, const std::int64_t* key) const {
    return width_ == 0 || std::memcmp(this->key(id), key, width_ * sizeof(std::int64_t)) == 0;
  }
  void grow() {
    std::vector<std::int32_t> slots(slots_.size() * 2, -1);
    std::size_t mask = slots.size() - 1;
    for (std::size_t id = 0; id < count_; ++id) {
      std::size_t s = hash_keys(key(static_cast<std::int32_t>(id)), width_) & mask;
      while (slots[s] >= 0) s = (s + 1) & mask;
      slots[s] = static_cast<std::int32_t>(id);
    }
    slots_ = std::move(slots);
  }

  std::size_t width_;
  std::size_t count_ = 0;
  std::vector<std::int32_t> slots_;
  std::vector<std::int64_t> keys_;
};

// The same for single 64-bit keys, stored inline in the slots (one memory access per probe).
class FlatTable {
 public:
  explicit FlatTable(std::size_t expected = 16) {
    std::size_t capacity = 16;
    while (capacity < 2 * expected) capacity *= 2;
    slots_.assign(capacity, Slot{});
  }
  std::size_t size() const { return keys_.size(); }
  std::uint64_t key(std::int32_t id) const { return keys_[static_cast<std::size_t>(id)]; }

  std::int32_t find_or_insert(std::uint64_t key) {
    if (2 * (keys_.size() + 1) > slots_.size()) grow();
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t s = mix64(key) & mask;; s = (s + 1) & mask) {
      Slot& slot = slots_[s];
      if (slot.id < 0) {
        slot = {key, static_cast<std::int32_t>(keys_.size())};
        keys_.push_back(key);
        return slot.id;
      }
      if (slot.key == key) return slot.id;
    }
  }

 private:
  struct Slot {
    std::uint64_t key = 0;
    std::int32_t id = -1;
  };
  void grow() {
    std::vector<Slot> slots(slots_.size() * 2);
    const std::size_t mask = slots.size() - 1;
    for (std::size_t id = 0; id < keys_.size(); ++id) {
      std::size_t s = mix64(keys_[id]) & mask;
      while (slots[s].id >= 0) s = (s + 1) & mask;
      slots[s] = {keys_[id], static_cast<std::int32_t>(id)};
    }
    slots_ = std::move(slots);
  }
  std::vector<Slot> slots_;
  std::vector<std::uint64_t> keys_;
};

}  // namespace moce::detail
