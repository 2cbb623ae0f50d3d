// N-gram packing and counting against hand counts and a map-based brute force.
#include "operators/stateful/ngrams.hpp"

#include <gtest/gtest.h>

#include <map>
#include <random>

#include "operators/stateful/sequencify.hpp"
#include "tests/operators_relational/sessions.hpp"

namespace moce {
namespace {

TEST(NGramCodec, PacksAndPrints) {
  NGramCodec codec(8, 4);  // codes 0..7 -> symbols 1..8: 4 bits each
  EXPECT_EQ(codec.bits(), 4);
  std::vector<std::int32_t> abc = {1, 4, 7};
  auto gram = codec.encode(abc);
  EXPECT_EQ(gram, (std::uint64_t{2} << 60) | (std::uint64_t{5} << 56) | (std::uint64_t{8} << 52));
  EXPECT_EQ(codec.decode(gram), abc);
  EXPECT_EQ(codec.length(gram), 3);
  EXPECT_EQ(codec.to_string(gram, *test::event_dictionary()), "login_start>login_end>close");
  // Numeric order is lexicographic, prefix first.
  std::vector<std::int32_t> a = {1}, ab = {1, 0}, b = {2};
  EXPECT_LT(codec.encode(a), codec.encode(ab));
  EXPECT_LT(codec.encode(ab), codec.encode(b));
  EXPECT_THROW(NGramCodec(1 << 20, 4), Error);  // 21 bits x 4 > 64
}

Sequence sequence_of(std::vector<std::int64_t> session, std::vector<std::int32_t> event, std::int64_t parts) {
  Relation t;
  std::vector<double> ts(session.size());
  for (std::size_t i = 0; i < ts.size(); ++i) ts[i] = static_cast<double>(i);
  t.add("session", Column::int64(std::move(session)));
  t.add("ts", Column::real(std::move(ts)));
  t.add("event", Column::categorical(std::move(event), test::event_dictionary()));
  return Sequencify("session", "ts").run(t, parts);
}

TEST(NGramCount, HandCounts) {
  // Session 0: open login_start open login_start; session 1: login_start login_start, missing, open.
  Sequence s = sequence_of({0, 0, 0, 0, 1, 1, 1, 1}, {0, 1, 0, 1, 1, 1, -1, 0}, 2);
  NGramCount op(2);
  auto codec = op.codec(s);
  auto counts = op.run(s);
  std::map<std::string, std::pair<std::int64_t, std::int64_t>> got;
  for (std::size_t i = 0; i < counts.size(); ++i)
    got[codec.to_string(counts.grams[i], *test::event_dictionary())] = {counts.occurrences[i], counts.parts[i]};
  std::map<std::string, std::pair<std::int64_t, std::int64_t>> want = {{"open", {3, 2}},
                                                                       {"login_start", {4, 2}},
                                                                       {"open>login_start", {2, 1}},
                                                                       {"login_start>open", {1, 1}},
                                                                       {"login_start>login_start", {1, 1}}};
  EXPECT_EQ(got, want);
  EXPECT_TRUE(std::is_sorted(counts.grams.begin(), counts.grams.end()));

  auto per = op.per_part(s);
  EXPECT_EQ(per.offsets, (std::vector<std::int64_t>{0, 4, 7}));
  EXPECT_EQ(per.counts[0], 2);  // "open" in session 0 (the smallest gram)
}

// The dense path (8 names, slots 9^3) and the hashed one (3000 names: 3001^2 slots is too many).
void check_against_brute_force(const Sequence& s, int max_n) {
  std::map<std::vector<std::int32_t>, std::pair<std::int64_t, std::int64_t>> want;
  for (std::size_t p = 0; p < s.num_parts(); ++p) {
    auto codes = s.part(p).column("event").codes();
    std::map<std::vector<std::int32_t>, std::int64_t> here;
    for (std::size_t i = 0; i < codes.size(); ++i)
      for (std::size_t len = 1; len <= static_cast<std::size_t>(max_n) && i + len <= codes.size(); ++len) {
        std::vector<std::int32_t> gram(codes.begin() + static_cast<std::ptrdiff_t>(i),
                                       codes.begin() + static_cast<std::ptrdiff_t>(i + len));
        if (std::find(gram.begin(), gram.end(), kMissingCode) != gram.end()) break;  // missing breaks grams
        ++here[gram];
      }
    for (auto& [gram, count] : here) {
      want[gram].first += count;
      want[gram].second += 1;
    }
  }
  NGramCount op(max_n);
  auto codec = op.codec(s);
  auto counts = op.run(s);
  std::map<std::vector<std::int32_t>, std::pair<std::int64_t, std::int64_t>> got;
  for (std::size_t i = 0; i < counts.size(); ++i)
    got[codec.decode(counts.grams[i])] = {counts.occurrences[i], counts.parts[i]};
  EXPECT_EQ(got, want);

  // Per part, the counts sum back to the totals.
  auto per = op.per_part(s);
  std::map<std::uint64_t, std::int64_t> summed;
  for (std::size_t i = 0; i < per.grams.size(); ++i) summed[per.grams[i]] += per.counts[i];
  for (std::size_t i = 0; i < counts.size(); ++i) EXPECT_EQ(summed[counts.grams[i]], counts.occurrences[i]);
}

TEST(NGramCount, MatchesBruteForceOnRandomSessions) {
  const std::int64_t n = 80;
  check_against_brute_force(Sequencify("session", "ts").run(test::random_events(71, n), n), 3);
}

TEST(NGramCount, HashedPathMatchesBruteForceOnLargeAlphabet) {
  std::vector<std::string> names;
  for (int i = 0; i < 3000; ++i) names.push_back(cat("e", i));
  auto dict = std::make_shared<const Dictionary>(names, "event");
  std::mt19937_64 rng(72);
  std::vector<std::int32_t> event(5000);
  for (auto& e : event) e = static_cast<std::int32_t>(rng() % 40) * 70;  // repeats, so counts exceed 1
  event[17] = kMissingCode;
  std::vector<std::int64_t> offsets{0};
  while (offsets.back() < 5000)
    offsets.push_back(std::min<std::int64_t>(5000, offsets.back() + 1 + static_cast<std::int64_t>(rng() % 20)));
  Relation t;
  t.add("event", Column::categorical(std::move(event), dict));
  check_against_brute_force(Sequence(std::move(t), std::move(offsets)), 2);
}

}  // namespace
}  // namespace moce
