// The binned exact group sums (the distributed group-by's sums) against the plain ExactSum
// superaccumulator, value by value, on adversarial data: mixed magnitudes 1e-300..1e300, huge
// cancellations, subnormals, wide-range integers, zeros, inf and NaN, in permuted orders.
#include "operators/relational/group_exact_sums.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <limits>
#include <numeric>
#include <random>

#include "operators/relational/group_partials.hpp"

namespace moce {
namespace {

constexpr int kGroups = 7;

struct Table {
  std::vector<std::int32_t> group;
  std::vector<double> x;
};

// Rows of `kind`: 0 narrow-range decimals, 1 magnitudes 1e-300..1e300 with cancelling pairs,
// 2 integers 0..2^60 and subnormals, 3 everything with inf and NaN sprinkled in.
Table adversarial(int kind, std::uint64_t seed, std::size_t rows) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> unit(-1, 1);
  std::uniform_int_distribution<int> decade(-300, 300), group(0, kGroups - 1), bits(0, 60);
  Table t;
  for (std::size_t r = 0; r < rows; ++r) {
    double x = 0;
    const int mode = kind == 3 ? static_cast<int>(rng() % 3) : kind;
    if (mode == 0) x = std::round(unit(rng) * 1e5) * 0.01;
    if (mode == 1) x = unit(rng) * std::pow(10.0, decade(rng));
    if (mode == 2) x = rng() % 4 == 0 ? std::numeric_limits<double>::denorm_min() * static_cast<double>(rng() % 1000)
                                      : std::ldexp(static_cast<double>(rng() % 1024), bits(rng));
    if (rng() % 16 == 0) x = 0;
    t.group.push_back(group(rng));
    t.x.push_back(x);
    if (mode == 1 && rng() % 4 == 0) {  // its exact negation elsewhere in the same group
      t.group.push_back(t.group.back());
      t.x.push_back(-x);
    }
  }
  if (kind == 3) {
    const double inf = std::numeric_limits<double>::infinity();
    for (double special : {inf, -inf, std::nan(""), std::nan(""), inf}) {
      t.x[rng() % t.x.size()] = special;
    }
  }
  return t;
}

// The group-by's partials over `t` (exact sums and squares), one slot per group.
GroupPartials binned(const Table& t) {
  auto dict = std::make_shared<const Dictionary>(std::vector<std::string>{"a", "b", "c", "d", "e", "f", "g"}, "g");
  Relation r;
  r.add("g", Column::categorical(t.group, dict));
  r.add("x", Column::real(t.x));
  PartialOptions options;
  options.m2 = true;
  options.exact = true;
  return compute_partials(r, {"g"}, {"x"}, options, 1 << 20, nullptr);
}

std::uint64_t bits(double x) { return std::bit_cast<std::uint64_t>(x); }

void expect_matches_reference(const Table& t, const std::string& what) {
  std::vector<ExactSum> sum(kGroups), squares(kGroups);
  std::vector<std::int64_t> n(kGroups, 0), rows(kGroups, 0);
  for (std::size_t r = 0; r < t.x.size(); ++r) {
    const auto g = static_cast<std::size_t>(t.group[r]);
    ++rows[g];
    if (std::isnan(t.x[r])) continue;
    ++n[g];
    sum[g].add(t.x[r]);
    add_square(squares[g], t.x[r]);
  }
  const GroupPartials p = binned(t);
  std::size_t i = 0;
  for (std::size_t g = 0; g < kGroups; ++g) {
    if (rows[g] == 0) continue;
    ASSERT_LT(i, p.num_groups()) << what;
    EXPECT_EQ(static_cast<std::int64_t>(g), p.key(i)[0]) << what;
    EXPECT_EQ(n[g], p.n[i]) << what << " group " << g;
    EXPECT_TRUE(p.exact_sum.at(i).same_value(sum[g])) << what << " group " << g;
    EXPECT_TRUE(p.exact_squares.at(i).same_value(squares[g])) << what << " group " << g;
    EXPECT_EQ(bits(sum[g].to_double()), bits(p.sum[i])) << what << " group " << g;
    EXPECT_EQ(bits(squared_deviations(sum[g], squares[g], n[g])), bits(p.m2[i])) << what << " group " << g;
    ++i;
  }
  EXPECT_EQ(i, p.num_groups()) << what;
}

TEST(GroupExactSums, NarrowDecimalsMatchTheSuperaccumulator) {
  expect_matches_reference(adversarial(0, 1, 20000), "decimals");
}

TEST(GroupExactSums, MixedMagnitudesAndCancellationsMatch) {
  expect_matches_reference(adversarial(1, 2, 20000), "1e-300..1e300");
}

TEST(GroupExactSums, WideIntegersAndSubnormalsMatch) {
  expect_matches_reference(adversarial(2, 3, 20000), "integers and subnormals");
}

TEST(GroupExactSums, InfinitiesAndNaNFollowTheIeeeRules) {
  Table t = adversarial(3, 4, 20000);
  expect_matches_reference(t, "mixed with inf and NaN");
  // By hand: group 0 gets +inf and a NaN (sum NaN, NaN not counted), group 1 gets +inf and
  // -inf (NaN), group 2 gets -inf twice (-inf), group 3 only finite values (finite).
  const double inf = std::numeric_limits<double>::infinity();
  Table h{{0, 0, 0, 1, 1, 2, 2, 3, 3}, {1.0, inf, std::nan(""), inf, -inf, -inf, -inf, 1e300, -1e300}};
  const GroupPartials p = binned(h);
  ASSERT_EQ(4u, p.num_groups());
  EXPECT_EQ(inf, p.sum[0]);
  EXPECT_EQ(2, p.n[0]);
  EXPECT_TRUE(std::isnan(p.sum[1]));
  EXPECT_EQ(-inf, p.sum[2]);
  EXPECT_EQ(0.0, p.sum[3]);
  EXPECT_EQ(inf, p.m2[3]);  // (1e300)^2 overflows: add_square's documented +inf
}

TEST(GroupExactSums, SameBitsInAnyRowOrder) {
  for (int kind = 0; kind < 4; ++kind) {
    Table t = adversarial(kind, 10 + static_cast<std::uint64_t>(kind), 5000);
    const GroupPartials want = binned(t);
    std::vector<std::size_t> order(t.x.size());
    std::iota(order.begin(), order.end(), 0);
    std::mt19937_64 rng(99);
    for (int round = 0; round < 3; ++round) {
      std::shuffle(order.begin(), order.end(), rng);
      Table shuffled;
      for (auto r : order) {
        shuffled.group.push_back(t.group[r]);
        shuffled.x.push_back(t.x[r]);
      }
      const GroupPartials got = binned(shuffled);
      ASSERT_EQ(want.num_groups(), got.num_groups());
      for (std::size_t g = 0; g < want.num_groups(); ++g) {
        EXPECT_TRUE(want.exact_sum.at(g).same_value(got.exact_sum.at(g))) << "kind " << kind << " group " << g;
        EXPECT_EQ(bits(want.sum[g]), bits(got.sum[g]));
        EXPECT_EQ(bits(want.m2[g]), bits(got.m2[g]));
      }
    }
  }
}

TEST(GroupExactSums, CancellationLeavesTheSmallTerm) {
  // Hand-checked: the double sum of each group in row order is 0, the exact sums are not.
  Table t{{0, 0, 0, 1, 1, 1, 1}, {1e16, 1.0, -1e16, 1e300, 1e-300, -1e300, 0.0}};
  const GroupPartials p = binned(t);
  ASSERT_EQ(2u, p.num_groups());
  EXPECT_EQ(1.0, p.sum[0]);
  EXPECT_EQ(1e-300, p.sum[1]);
}

}  // namespace
}  // namespace moce
