// N-gram extraction over event sequences (the event-pattern workflow of sec. 5.1): all contiguous
// n-grams, n = 1..N, of each part's event codes, counted per part and in total, in one process
// or summed across the ranks of a group.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "operators/data/dictionary.hpp"
#include "operators/data/sequence.hpp"
#include "runtime/comm/context.hpp"
#include "runtime/dag/hash.hpp"

namespace moce {

// An n-gram packed into 64 bits: symbol i (code + 1, so 0 means "no symbol") in a field of
// `bits` bits, first symbol in the highest field. Numeric order is then lexicographic order by
// code, a prefix before its extensions ("a" < "a>b" < "b").
class NGramCodec {
 public:
  // `alphabet`: the dictionary size; throws Error if max_n symbols do not fit in 64 bits.
  NGramCodec(std::int32_t alphabet, int max_n);
  int bits() const { return bits_; }
  int max_n() const { return max_n_; }

  std::uint64_t encode(std::span<const std::int32_t> codes) const;
  std::vector<std::int32_t> decode(std::uint64_t gram) const;
  int length(std::uint64_t gram) const;
  // "a>b>c" with the dictionary's strings.
  std::string to_string(std::uint64_t gram, const Dictionary& dictionary) const;
  // The gram with symbol `code` appended at position `position` (0-based).
  std::uint64_t extend(std::uint64_t gram, int position, std::int32_t code) const {
    return gram | (static_cast<std::uint64_t>(code + 1) << (64 - bits_ * (position + 1)));
  }

 private:
  int bits_;
  int max_n_;
};

// Counts of distinct n-grams, sorted by gram.
struct NGramCounts {
  std::vector<std::uint64_t> grams;
  std::vector<std::int64_t> occurrences;  // over all parts
  std::vector<std::int64_t> parts;        // parts containing the gram at least once
  std::size_t size() const { return grams.size(); }
};

// Per part: that part's distinct n-grams (sorted) and their counts; part i is
// [offsets[i], offsets[i+1]).
struct PartNGrams {
  std::vector<std::uint64_t> grams;
  std::vector<std::int64_t> counts;
  std::vector<std::int64_t> offsets{0};
};

// An n-gram never spans a missing event code (kMissingCode breaks the sequence).
class NGramCount {
 public:
  explicit NGramCount(int max_n, std::string event_column = "event");
  std::string name() const { return cat("ngrams(", event_column_, ",", max_n_, ")"); }
  void hash_params(Hasher& h) const {
    h.add(max_n_);
    h.add(event_column_);
  }

  NGramCodec codec(const Sequence& events) const;
  NGramCounts run(const Sequence& events) const;
  PartNGrams per_part(const Sequence& events) const;
  // Distributed: each rank counts its shard of the parts, then every (gram, counts) goes to the
  // owner rank hash(gram) % size, is summed there and gathered back. Integer sums: the result is
  // identical on every rank and at every rank count. The ranks' dictionaries must agree.
  NGramCounts run(const Context& group, const Sequence& shard) const;

 private:
  int max_n_;
  std::string event_column_;
};

}  // namespace moce
