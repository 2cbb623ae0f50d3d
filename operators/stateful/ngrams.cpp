// N-gram packing and counting with one hash table keyed by the packed gram.
#include "operators/stateful/ngrams.hpp"

#include <algorithm>
#include <bit>
#include <numeric>

#include "operators/relational/key_table.hpp"

namespace moce {

NGramCodec::NGramCodec(std::int32_t alphabet, int max_n) : max_n_(max_n) {
  bits_ = std::max(1, static_cast<int>(std::bit_width(static_cast<std::uint32_t>(std::max(alphabet, 1)))));
  if (max_n < 1 || bits_ * max_n > 64)
    throw Error(cat("n-grams up to n = ", max_n, " over ", alphabet, " event names need ", bits_ * max_n,
                    " bits; at most 64 fit (lower the n-gram length)"));
}

std::uint64_t NGramCodec::encode(std::span<const std::int32_t> codes) const {
  MOCE_ASSERT(static_cast<int>(codes.size()) <= max_n_, "n-gram of ", codes.size(), " > ", max_n_);
  std::uint64_t gram = 0;
  for (std::size_t i = 0; i < codes.size(); ++i) gram = extend(gram, static_cast<int>(i), codes[i]);
  return gram;
}

int NGramCodec::length(std::uint64_t gram) const {
  int n = 0;
  while (n < max_n_ && ((gram >> (64 - bits_ * (n + 1))) & ((std::uint64_t{1} << bits_) - 1)) != 0) ++n;
  return n;
}

std::vector<std::int32_t> NGramCodec::decode(std::uint64_t gram) const {
  std::vector<std::int32_t> codes;
  const std::uint64_t field = (std::uint64_t{1} << bits_) - 1;
  for (int i = 0; i < max_n_; ++i) {
    auto symbol = (gram >> (64 - bits_ * (i + 1))) & field;
    if (symbol == 0) break;
    codes.push_back(static_cast<std::int32_t>(symbol) - 1);
  }
  return codes;
}

std::string NGramCodec::to_string(std::uint64_t gram, const Dictionary& dictionary) const {
  std::string s;
  for (auto c : decode(gram)) s += cat(s.empty() ? "" : ">", dictionary.value(c));
  return s;
}

NGramCount::NGramCount(int max_n, std::string event_column) : max_n_(max_n), event_column_(std::move(event_column)) {
  if (max_n < 1) throw Error(cat("n-gram length must be at least 1, not ", max_n));
}

NGramCodec NGramCount::codec(const Sequence& events) const {
  const Column& c = events.rows().column(event_column_);
  if (c.type() != ColumnType::kCategorical)
    throw Error(cat("n-grams need a categorical event column, but '", event_column_, "' is ", to_string(c.type())));
  return NGramCodec(c.dictionary()->size(), max_n_);
}

namespace {

// Calls visit(gram) for every n-gram starting in part rows [begin, end).
template <class Visit>
void for_each_gram(const NGramCodec& codec, std::span<const std::int32_t> codes, std::int64_t begin, std::int64_t end,
                   Visit&& visit) {
  const int max_n = codec.max_n();
  for (std::int64_t i = begin; i < end; ++i) {
    std::uint64_t gram = 0;
    for (int n = 0; n < max_n && i + n < end; ++n) {
      const std::int32_t c = codes[static_cast<std::size_t>(i + n)];
      if (c < 0) break;
      gram = codec.extend(gram, n, c);
      visit(gram);
    }
  }
}

NGramCounts sorted_counts(const detail::KeyTable& table, const std::vector<std::int64_t>& occurrences,
                          const std::vector<std::int64_t>& parts) {
  std::vector<std::size_t> order(table.size());
  std::iota(order.begin(), order.end(), 0);
  auto gram = [&](std::size_t id) { return static_cast<std::uint64_t>(table.key(static_cast<std::int32_t>(id))[0]); };
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return gram(a) < gram(b); });
  NGramCounts out;
  for (auto id : order) {
    out.grams.push_back(gram(id));
    out.occurrences.push_back(occurrences[id]);
    out.parts.push_back(parts[id]);
  }
  return out;
}

}  // namespace

// Dense path: when (alphabet + 1)^N slots are few, a gram's slot is its symbols as digits in
// base alphabet + 1, so counting is array indexing; slots are packed into grams at the end.
constexpr std::uint64_t kDenseGramSlots = std::uint64_t{1} << 20;

NGramCounts NGramCount::run(const Sequence& events) const {
  const NGramCodec code = codec(events);
  auto codes = events.rows().column(event_column_).codes();
  auto offsets = events.offsets();
  const auto radix = static_cast<std::uint64_t>(events.rows().column(event_column_).dictionary()->size()) + 1;
  std::uint64_t slots = 1;
  for (int n = 0; n < max_n_ && slots <= kDenseGramSlots; ++n) slots *= radix;
  if (slots <= kDenseGramSlots) {
    std::vector<std::int64_t> occurrences(slots, 0), parts(slots, 0), last_part(slots, -1);
    for (std::size_t p = 0; p < events.num_parts(); ++p) {
      const auto part = static_cast<std::int64_t>(p);
      for (std::int64_t i = offsets[p]; i < offsets[p + 1]; ++i) {
        std::uint64_t slot = 0;
        for (int n = 0; n < max_n_ && i + n < offsets[p + 1]; ++n) {
          const std::int32_t c = codes[static_cast<std::size_t>(i + n)];
          if (c < 0) break;
          slot = slot * radix + static_cast<std::uint64_t>(c + 1);
          ++occurrences[slot];
          if (last_part[slot] != part) {
            last_part[slot] = part;
            ++parts[slot];
          }
        }
      }
    }
    NGramCounts out;
    std::vector<std::int32_t> digits;
    for (std::uint64_t slot = 1; slot < slots; ++slot) {
      if (occurrences[slot] == 0) continue;
      digits.clear();
      for (std::uint64_t s = slot; s > 0; s /= radix) digits.push_back(static_cast<std::int32_t>(s % radix) - 1);
      std::reverse(digits.begin(), digits.end());
      out.grams.push_back(code.encode(digits));
      out.occurrences.push_back(occurrences[slot]);
      out.parts.push_back(parts[slot]);
    }
    std::vector<std::size_t> order(out.size());
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return out.grams[a] < out.grams[b]; });
    NGramCounts sorted;
    for (auto i : order) {
      sorted.grams.push_back(out.grams[i]);
      sorted.occurrences.push_back(out.occurrences[i]);
      sorted.parts.push_back(out.parts[i]);
    }
    return sorted;
  }

  detail::KeyTable table(1, 1024);
  std::vector<std::int64_t> occurrences, parts, last_part;
  for (std::size_t p = 0; p < events.num_parts(); ++p) {
    const auto part = static_cast<std::int64_t>(p);
    for_each_gram(code, codes, offsets[p], offsets[p + 1], [&](std::uint64_t gram) {
      auto key = static_cast<std::int64_t>(gram);
      auto id = static_cast<std::size_t>(table.find_or_insert(&key));
      if (id == occurrences.size()) {
        occurrences.push_back(0);
        parts.push_back(0);
        last_part.push_back(-1);
      }
      ++occurrences[id];
      if (last_part[id] != part) {
        last_part[id] = part;
        ++parts[id];
      }
    });
  }
  return sorted_counts(table, occurrences, parts);
}

PartNGrams NGramCount::per_part(const Sequence& events) const {
  const NGramCodec code = codec(events);
  auto codes = events.rows().column(event_column_).codes();
  auto offsets = events.offsets();
  PartNGrams out;
  std::vector<std::uint64_t> grams;
  for (std::size_t p = 0; p < events.num_parts(); ++p) {
    grams.clear();
    for_each_gram(code, codes, offsets[p], offsets[p + 1], [&](std::uint64_t gram) { grams.push_back(gram); });
    std::sort(grams.begin(), grams.end());
    for (std::size_t i = 0; i < grams.size();) {
      std::size_t j = i;
      while (j < grams.size() && grams[j] == grams[i]) ++j;
      out.grams.push_back(grams[i]);
      out.counts.push_back(static_cast<std::int64_t>(j - i));
      i = j;
    }
    out.offsets.push_back(static_cast<std::int64_t>(out.grams.size()));
  }
  return out;
}

namespace {
struct GramRecord {
  std::uint64_t gram;
  std::int64_t occurrences;
  std::int64_t parts;
};
}  // namespace

NGramCounts NGramCount::run(const Context& group, const Sequence& shard) const {
  const NGramCodec code = codec(shard);
  // Grams are code sequences, so the ranks must agree on the code of every event, not only on the
  // dictionary size: compare a fingerprint of the dictionary's values (and the codec's width).
  Hasher fingerprint;
  fingerprint.add(code.bits());
  fingerprint.add(shard.rows().column(event_column_).dictionary()->values());
  const auto mine = static_cast<std::int64_t>(fingerprint.key());
  if (group.allreduce(mine, ReduceOp::kMin) != group.allreduce(mine, ReduceOp::kMax))
    throw Error(cat(name(), ": the ranks' event dictionaries differ"));
  NGramCounts local = run(shard);
  const auto p = static_cast<std::size_t>(group.size());
  std::vector<GramRecord> records(local.size());
  std::vector<std::int64_t> counts(p, 0);
  for (std::size_t i = 0; i < local.size(); ++i) {
    records[i] = {local.grams[i], local.occurrences[i], local.parts[i]};
    ++counts[detail::mix64(local.grams[i]) % p];
  }
  std::stable_sort(records.begin(), records.end(), [p](const GramRecord& a, const GramRecord& b) {
    return detail::mix64(a.gram) % p < detail::mix64(b.gram) % p;
  });
  auto received = group.alltoallv<GramRecord>(records, counts);
  std::sort(received.begin(), received.end(), [](const GramRecord& a, const GramRecord& b) { return a.gram < b.gram; });
  std::vector<GramRecord> owned;
  for (auto& r : received) {
    if (!owned.empty() && owned.back().gram == r.gram) {
      owned.back().occurrences += r.occurrences;
      owned.back().parts += r.parts;
    } else {
      owned.push_back(r);
    }
  }
  auto all = group.allgatherv<GramRecord>(owned);
  std::sort(all.begin(), all.end(), [](const GramRecord& a, const GramRecord& b) { return a.gram < b.gram; });
  NGramCounts out;
  for (auto& r : all) {
    out.grams.push_back(r.gram);
    out.occurrences.push_back(r.occurrences);
    out.parts.push_back(r.parts);
  }
  return out;
}

}  // namespace moce
