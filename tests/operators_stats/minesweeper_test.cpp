// Tests of Minesweeper: mining against brute-force enumeration of every pattern over the
// alphabet, the scores, and the redundancy rules on hand cases.
#include "operators/stats/minesweeper.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <random>
#include <vector>

#include "runtime/error.hpp"

namespace moce {
namespace {

using Codes = std::vector<std::int32_t>;

struct Sessions {
  std::vector<std::int32_t> codes;
  std::vector<std::int64_t> offsets = {0};
  std::vector<Codes> list;
  void add(const Codes& s) {
    list.push_back(s);
    codes.insert(codes.end(), s.begin(), s.end());
    offsets.push_back(static_cast<std::int64_t>(codes.size()));
  }
  CodeSequences view() const { return {codes, offsets}; }
};

// Naive gapped-subsequence test, written independently of the operator's.
bool holds(const Codes& s, const Codes& p) {
  auto it = s.begin();
  for (std::int32_t e : p) {
    it = std::find(it, s.end(), e);
    if (it == s.end()) return false;
    ++it;
  }
  return true;
}

std::int64_t support(const std::vector<Codes>& db, const Codes& p) {
  return std::count_if(db.begin(), db.end(), [&](const Codes& s) { return holds(s, p); });
}

// Seeded sessions over events 0..4; failing sessions tend to hold 3 ... 1 ... 4.
void random_sessions(std::uint64_t seed, Sessions& test, Sessions& control) {
  std::mt19937_64 rng(seed);
  std::uniform_int_distribution<std::int32_t> event(0, 4);
  std::uniform_int_distribution<int> len(2, 7);
  std::uniform_real_distribution<double> unit(0, 1);
  for (int i = 0; i < 70; ++i) {
    const bool failing = i < 30;
    Codes s(static_cast<std::size_t>(len(rng)));
    for (auto& e : s) e = event(rng);
    if (failing && unit(rng) < 0.7) {
      s.insert(s.begin() + static_cast<std::ptrdiff_t>(s.size() / 2), {3, 1});
      s.push_back(4);
    }
    (failing ? test : control).add(s);
  }
}

TEST(Minesweeper, MiningMatchesBruteForceEnumeration) {
  for (std::uint64_t seed : {1, 2, 3}) {
    Sessions test, control;
    random_sessions(seed, test, control);
    const Minesweeper ms({.max_length = 4, .min_support = 0.2});
    const auto mined = ms.mine(test.view(), control.view());
    std::map<Codes, const MinedPattern*> got;
    for (const auto& p : mined) {
      EXPECT_TRUE(got.emplace(p.events, &p).second) << "pattern mined twice";
    }
    // Every pattern over {0..4} of length 1..4 (5 + 25 + 125 + 625 of them).
    const auto min_count = static_cast<std::int64_t>(std::ceil(0.2 * 30));
    std::size_t frequent = 0;
    for (int length = 1; length <= 4; ++length) {
      int total = 1;
      for (int k = 0; k < length; ++k) total *= 5;
      for (int index = 0; index < total; ++index) {
        Codes p;
        for (int k = 0, rest = index; k < length; ++k, rest /= 5) p.push_back(rest % 5);
        const std::int64_t nt = support(test.list, p);
        if (nt < min_count) {
          EXPECT_EQ(got.count(p), 0U);
          continue;
        }
        ++frequent;
        ASSERT_EQ(got.count(p), 1U) << "missing a frequent pattern, seed " << seed;
        const MinedPattern& m = *got[p];
        const std::int64_t nc = support(control.list, p);
        EXPECT_EQ(m.test_count, nt);
        EXPECT_EQ(m.control_count, nc);
        const double st = nt / 30.0, sc = nc / 40.0;
        EXPECT_NEAR(m.recall, st, 1e-15);
        EXPECT_NEAR(m.precision, st / (st + sc), 1e-15);
        EXPECT_NEAR(m.f1, 2 * m.precision * m.recall / (m.precision + m.recall), 1e-15);
      }
    }
    EXPECT_EQ(mined.size(), frequent);
    EXPECT_GT(frequent, 20U);
  }
}

// The post-processing rules applied naively to the brute-force pattern list.
std::vector<Codes> brute_leads(const Sessions& test, const Sessions& control, const Minesweeper::Params& params) {
  struct P {
    Codes e;
    double precision, f1;
    std::vector<bool> in_t, in_c;
  };
  std::vector<P> all;
  const auto min_count = static_cast<std::int64_t>(std::ceil(params.min_support * test.list.size() - 1e-9));
  for (int length = 1; length <= params.max_length; ++length) {
    int total = 1;
    for (int k = 0; k < length; ++k) total *= 5;
    for (int index = 0; index < total; ++index) {
      P p;
      for (int k = 0, rest = index; k < length; ++k, rest /= 5) p.e.push_back(rest % 5);
      const double nt = static_cast<double>(support(test.list, p.e));
      if (nt < static_cast<double>(std::max<std::int64_t>(1, min_count))) continue;
      const double st = nt / test.list.size(), sc = support(control.list, p.e) / double(control.list.size());
      p.precision = st / (st + sc);
      p.f1 = 2 * p.precision * st / (p.precision + st);
      if (p.precision <= params.min_precision) continue;
      for (const auto& s : test.list) p.in_t.push_back(holds(s, p.e));
      for (const auto& s : control.list) p.in_c.push_back(holds(s, p.e));
      all.push_back(p);
    }
  }
  auto is_sub = [](const Codes& small, const Codes& big) { return small.size() < big.size() && holds(big, small); };
  std::vector<P> step_a;
  for (const auto& p : all) {
    bool redundant = false;
    for (const auto& q : all) redundant = redundant || (is_sub(q.e, p.e) && q.f1 >= p.f1);
    if (!redundant) step_a.push_back(p);
  }
  auto before = [](const P& x, const P& y) { return x.e.size() != y.e.size() ? x.e.size() < y.e.size() : x.e < y.e; };
  std::vector<P> step_b;
  for (const auto& p : step_a) {
    bool shadowed = false;
    for (const auto& q : step_a) shadowed = shadowed || (q.in_t == p.in_t && q.in_c == p.in_c && before(q, p));
    if (!shadowed) step_b.push_back(p);
  }
  std::sort(step_b.begin(), step_b.end(), [&](const P& x, const P& y) {
    if (x.f1 != y.f1) return x.f1 > y.f1;
    if (x.precision != y.precision) return x.precision > y.precision;
    return before(x, y);
  });
  std::vector<Codes> out;
  for (std::size_t i = 0; i < step_b.size() && i < static_cast<std::size_t>(params.top_n); ++i) out.push_back(step_b[i].e);
  return out;
}

TEST(Minesweeper, LeadsMatchNaivePostProcessing) {
  for (std::uint64_t seed : {1, 2, 3, 4}) {
    Sessions test, control;
    random_sessions(seed, test, control);
    const Minesweeper::Params params{.max_length = 4, .min_support = 0.2, .min_precision = 0.5, .top_n = 15};
    const auto leads = Minesweeper(params).run(test.view(), control.view());
    std::vector<Codes> got;
    for (const auto& p : leads) got.push_back(p.events);
    EXPECT_EQ(got, brute_leads(test, control, params)) << "seed " << seed;
    ASSERT_FALSE(leads.empty());
  }
}

TEST(Minesweeper, HandWorkedScoresAndRedundancy) {
  // Test: {5 6 7}, {5 7 6}, {5 6}; control: {6 7}, {7}.
  //   5: s_T = 1, s_C = 0, so P = 1, R = 1, F1 = 1.
  //   6: s_T = 1, s_C = 1/2, so P = 2/3, F1 = 2 (2/3) / (5/3) = 0.8.
  //   7: s_T = 2/3, s_C = 1, so P = 0.4 <= 0.5: dropped.
  //   "5 6": s_T = 1, s_C = 0, F1 = 1, but its sub-pattern 5 has F1 >= 1: redundant.
  Sessions test, control;
  test.add({5, 6, 7});
  test.add({5, 7, 6});
  test.add({5, 6});
  control.add({6, 7});
  control.add({7});
  const auto leads = Minesweeper({.max_length = 3, .min_support = 0.0}).run(test.view(), control.view());
  ASSERT_GE(leads.size(), 2U);
  EXPECT_EQ(leads[0].events, Codes{5});
  EXPECT_EQ(leads[0].test_count, 3);
  EXPECT_EQ(leads[0].control_count, 0);
  EXPECT_DOUBLE_EQ(leads[0].f1, 1.0);
  EXPECT_EQ(leads[1].events, Codes{6});
  EXPECT_NEAR(leads[1].precision, 2.0 / 3.0, 1e-15);
  EXPECT_NEAR(leads[1].f1, 0.8, 1e-15);
  for (const auto& p : leads) {
    EXPECT_NE(p.events, Codes{7});
    EXPECT_NE(p.events, (Codes{5, 6}));
  }
  // Without redundancy removal "5 6" (F1 = 1, longer) follows "5".
  const auto all = Minesweeper({.max_length = 3, .min_support = 0.0, .remove_redundant = false})
                       .run(test.view(), control.view());
  EXPECT_EQ(all[1].events, (Codes{5, 6}));
}

TEST(Minesweeper, SameSessionsKeepTheShortest) {
  // 8 and 9 always come together as 8 ... 9: the patterns 8, 9 and "8 9" hold in exactly the same
  // sessions; only 8 (shortest, then smallest) survives.
  Sessions test, control;
  test.add({8, 1, 9});
  test.add({8, 9, 2});
  test.add({3});
  control.add({1, 2});
  control.add({3, 3});
  const auto leads = Minesweeper({.max_length = 2, .min_support = 0.0}).run(test.view(), control.view());
  ASSERT_FALSE(leads.empty());
  EXPECT_EQ(leads[0].events, Codes{8});
  for (const auto& p : leads) {
    EXPECT_NE(p.events, Codes{9});
    EXPECT_NE(p.events, (Codes{8, 9}));
  }
}

TEST(Minesweeper, EmptySessionsAreNotCounted) {
  // The hand case of HandWorkedScoresAndRedundancy with the empty parts a part filter leaves
  // (2 in test, 3 in control): |T| = 3 and |C| = 2 still, so the scores are unchanged
  // (counting the empties would give pattern 5 a recall of 3/5).
  Sessions test, control;
  test.add({});
  test.add({5, 6, 7});
  test.add({5, 7, 6});
  test.add({});
  test.add({5, 6});
  control.add({6, 7});
  control.add({});
  control.add({});
  control.add({7});
  control.add({});
  EXPECT_EQ(test.view().num_nonempty(), 3U);
  const auto leads = Minesweeper({.max_length = 3, .min_support = 0.0}).run(test.view(), control.view());
  ASSERT_GE(leads.size(), 2U);
  EXPECT_EQ(leads[0].events, Codes{5});
  EXPECT_DOUBLE_EQ(leads[0].recall, 1.0);
  EXPECT_DOUBLE_EQ(leads[0].f1, 1.0);
  EXPECT_EQ(leads[1].events, Codes{6});
  EXPECT_NEAR(leads[1].precision, 2.0 / 3.0, 1e-15);  // s_T = 1, s_C = 1/2 over 2 control sessions
  EXPECT_NEAR(leads[1].f1, 0.8, 1e-15);
  // min_support is a share of the 3 real sessions: 0.9 needs 3 holders, so only 5 and 6 (and
  // "5 6", in all three) are frequent; with |T| = 5 it would need 5 and find nothing.
  const auto frequent = Minesweeper({.max_length = 2, .min_support = 0.9}).mine(test.view(), control.view());
  EXPECT_EQ(frequent.size(), 3U);
}

TEST(Minesweeper, RejectsBadParameters) {
  EXPECT_THROW(Minesweeper({.max_length = 0}), ConfigError);
  // The sub-pattern enumeration shifts 1U by the length: undefined from 32, so lengths stop at 16.
  EXPECT_THROW(Minesweeper({.max_length = 32}), ConfigError);
  EXPECT_THROW(Minesweeper({.max_length = Minesweeper::kMaxLength + 1}), ConfigError);
  EXPECT_NO_THROW(Minesweeper({.max_length = Minesweeper::kMaxLength}));
  EXPECT_THROW(Minesweeper({.max_length = 3, .min_support = 1.5}), ConfigError);
  EXPECT_THROW(Minesweeper({.max_length = 3, .min_support = 0.1, .min_precision = 1.0}), ConfigError);
  EXPECT_THROW(Minesweeper({.max_length = 3, .min_support = 0.1, .min_precision = 0.5, .remove_redundant = true,
                            .top_n = 0}),
               ConfigError);
}

}  // namespace
}  // namespace moce
