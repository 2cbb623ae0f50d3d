// The distributed relational operators at 1, 2 and 3 ranks against the single-process result on
// the whole table: each rank builds the same seeded table, keeps its block_share, and runs the
// distributed form.
#include <gtest/gtest.h>

#include <algorithm>
#include <bit>
#include <limits>
#include <numeric>
#include <random>

#include <cmath>

#include "operators/relational/exact_sum.hpp"
#include "operators/relational/group_by.hpp"
#include "operators/relational/top_k.hpp"
#include "operators/stateful/ngrams.hpp"
#include "operators/stateful/sequencify.hpp"
#include "tests/operators_relational/sessions.hpp"
#include "tests/operators_relational/tables.hpp"
#include "tests/support/test_support.hpp"

namespace moce {
namespace {

Relation my_share(const Relation& whole) {
  const Context& world = test::world();
  Share s = block_share(static_cast<std::int64_t>(whole.num_rows()), world.rank(), world.size());
  return whole.slice(static_cast<std::size_t>(s.begin), static_cast<std::size_t>(s.count()));
}

std::vector<Aggregate> all_aggregates() {
  return {
      Aggregate::count(),        Aggregate::sum("latency"), Aggregate::mean("latency"), Aggregate::variance("latency"),
      Aggregate::min("latency"), Aggregate::max("bytes"),   Aggregate::p50("latency"),  Aggregate::p75("bytes"),
      Aggregate::p95("latency"), Aggregate::sum("bytes")};
}

bool is_rounded(const std::string& name) {
  return name.rfind("sum_", 0) == 0 || name.rfind("mean_", 0) == 0 || name.rfind("var_", 0) == 0;
}

// Against the plain double path of run(rows): keys, counts, min, max and quantiles exactly;
// sums, means and variances within 1e-12 relative (the double path sums in row order, the
// distributed one exactly).
void expect_same_groups(const Relation& want, const Relation& got) {
  ASSERT_EQ(want.names(), got.names());
  ASSERT_EQ(want.num_rows(), got.num_rows());
  for (std::size_t c = 0; c < want.num_columns(); ++c) {
    const std::string& name = want.name(c);
    if (!is_rounded(name)) {
      EXPECT_TRUE(want.column(c).equals(got.column(c))) << name;
      continue;
    }
    for (std::size_t r = 0; r < want.num_rows(); ++r)
      test::expect_close(want.column(c).reals()[r], got.column(c).reals()[r]);
  }
}

// Against the distributed path run in one process on the whole table: every column bitwise,
// sums, means and variances included, whatever the rank count.
void expect_identical(const Relation& want, const Relation& got) {
  ASSERT_EQ(want.names(), got.names());
  ASSERT_EQ(want.num_rows(), got.num_rows());
  // Column::equals compares values with == (NaN equal to NaN): bitwise agreement of the results.
  for (std::size_t c = 0; c < want.num_columns(); ++c) EXPECT_TRUE(want.column(c).equals(got.column(c))) << want.name(c);
}

void check_group_by(const std::vector<std::string>& keys, std::int64_t dense_limit, std::uint64_t seed,
                    std::size_t rows) {
  Relation whole = test::random_table(seed, rows);
  GroupBy op(keys, all_aggregates(), dense_limit);
  Relation want = op.run(whole);
  Relation got = op.run(test::world(), my_share(whole));
  expect_same_groups(want, got);
  expect_identical(op.run(*make_local_context(), whole), got);
  // Every rank must hold the very same bits, whatever its own shard.
  auto sums = got.column("sum_latency").reals();
  std::vector<double> mine(sums.begin(), sums.end()), rank0 = mine;
  test::world().broadcast(rank0, 0);
  EXPECT_EQ(mine, rank0);
}

TEST(DistributedGroupBy, DenseCategoricalKeys) { check_group_by({"isp", "os"}, GroupBy::kDenseLimit, 101, 5000); }

TEST(DistributedGroupBy, SparseCategoricalKeysByAllToAll) { check_group_by({"isp", "os"}, 0, 102, 5000); }

TEST(DistributedGroupBy, SparseInt64Keys) { check_group_by({"user"}, GroupBy::kDenseLimit, 103, 4000); }

TEST(DistributedGroupBy, MixedKeys) { check_group_by({"os", "user", "isp"}, GroupBy::kDenseLimit, 104, 3000); }

TEST(DistributedGroupBy, AdversarialSumsAreExactAtAnyRankCountAndOrder) {
  // Values from 1e-300 to 1e300 with exact cancelling pairs, inf and NaN, in a shuffled order:
  // each group's sum and variance are bitwise those of the ExactSum superaccumulator (the
  // correctly rounded exact values), whatever the rank count and split.
  std::mt19937_64 rng(2024);
  std::uniform_real_distribution<double> unit(-1, 1);
  const std::size_t n = 6000;
  std::vector<std::int32_t> group(n);
  std::vector<double> x(n);
  for (std::size_t r = 0; r < n; r += 2) {
    group[r] = group[r + 1] = static_cast<std::int32_t>(rng() % 5);
    x[r] = unit(rng) * std::pow(10.0, static_cast<int>(rng() % 601) - 300);
    x[r + 1] = rng() % 3 == 0 ? -x[r] : std::round(unit(rng) * 1e6) * 0.001;
  }
  x[17] = std::numeric_limits<double>::infinity();
  x[40] = std::nan("");
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), 0);
  std::shuffle(order.begin(), order.end(), rng);
  auto dict = test::make_dictionary("g", 5);
  std::vector<std::int32_t> shuffled_group;
  std::vector<double> shuffled_x;
  for (auto r : order) {
    shuffled_group.push_back(group[r]);
    shuffled_x.push_back(x[r]);
  }
  Relation whole;
  whole.add("g", Column::categorical(shuffled_group, dict));
  whole.add("x", Column::real(shuffled_x));
  std::vector<ExactSum> sum(5), squares(5);
  std::vector<std::int64_t> count(5, 0);
  for (std::size_t r = 0; r < n; ++r) {
    if (std::isnan(x[r])) continue;
    const auto g = static_cast<std::size_t>(group[r]);
    sum[g].add(x[r]);
    add_square(squares[g], x[r]);
    ++count[g];
  }
  for (std::int64_t dense_limit : {GroupBy::kDenseLimit, std::int64_t{0}}) {
    GroupBy op({"g"}, {Aggregate::sum("x"), Aggregate::variance("x")}, dense_limit);
    Relation got = op.run(test::world(), my_share(whole));
    ASSERT_EQ(5u, got.num_rows());
    for (std::size_t g = 0; g < 5; ++g) {
      const double want_sum = sum[g].to_double();
      const double want_var = squared_deviations(sum[g], squares[g], count[g]) / static_cast<double>(count[g] - 1);
      EXPECT_EQ(std::bit_cast<std::uint64_t>(want_sum), std::bit_cast<std::uint64_t>(got.column("sum_x").reals()[g]))
          << "group " << g << " dense limit " << dense_limit;
      EXPECT_EQ(std::bit_cast<std::uint64_t>(want_var), std::bit_cast<std::uint64_t>(got.column("var_x").reals()[g]))
          << "group " << g << " dense limit " << dense_limit;
    }
  }
}

TEST(DistributedGroupBy, FewerRowsThanRanks) {
  check_group_by({"isp"}, GroupBy::kDenseLimit, 105, 2);
  check_group_by({"user"}, GroupBy::kDenseLimit, 106, 1);
}

TEST(DistributedTopK, MatchesWholeTable) {
  Relation whole = test::random_table(111, 3000);
  for (auto order : {SortOrder::kDescending, SortOrder::kAscending})
    for (const char* column : {"latency", "bytes"}) {
      TopK op(column, 25, order);
      EXPECT_TRUE(op.run(whole).equals(op.run(test::world(), my_share(whole)))) << column;
    }
  TopK few("bytes", 5000);  // k beyond the row count
  EXPECT_TRUE(few.run(whole).equals(few.run(test::world(), my_share(whole))));
}

TEST(DistributedNGrams, SumsPerRankCounts) {
  const std::int64_t n = 90;
  Sequence whole = Sequencify("session", "ts").run(test::random_events(121, n), n);
  const Context& world = test::world();
  Share s = block_share(n, world.rank(), world.size());
  Sequence shard = whole.slice_parts(static_cast<std::size_t>(s.begin), static_cast<std::size_t>(s.count()));
  NGramCount op(3);
  NGramCounts want = op.run(whole), got = op.run(world, shard);
  EXPECT_EQ(want.grams, got.grams);
  EXPECT_EQ(want.occurrences, got.occurrences);
  EXPECT_EQ(want.parts, got.parts);
}

TEST(DistributedNGrams, RejectsDictionariesThatDifferInValues) {
  // Rank 0 codes its events against a reversed dictionary of the same size: the grams' codes
  // mean other events there, which a size check cannot see. Every rank must refuse.
  const Context& world = test::world();
  if (world.size() < 2) GTEST_SKIP() << "needs two ranks";
  const std::int64_t n = 40;
  Sequence whole = Sequencify("session", "ts").run(test::random_events(5, n), n);
  Share s = block_share(n, world.rank(), world.size());
  Sequence shard = whole.slice_parts(static_cast<std::size_t>(s.begin), static_cast<std::size_t>(s.count()));
  if (world.rank() == 0) {
    auto values = test::event_dictionary()->values();
    std::reverse(values.begin(), values.end());
    Relation recoded;
    for (std::size_t c = 0; c < shard.rows().num_columns(); ++c) {
      const Column& column = shard.rows().column(c);
      if (shard.rows().name(c) != "event") {
        recoded.add(shard.rows().name(c), column);
        continue;
      }
      const auto codes = column.codes();
      recoded.add("event", Column::categorical(std::vector<std::int32_t>(codes.begin(), codes.end()),
                                               std::make_shared<const Dictionary>(values, "event")));
    }
    const auto offsets = shard.offsets();
    shard = Sequence(recoded, std::vector<std::int64_t>(offsets.begin(), offsets.end()));
  }
  EXPECT_THROW(NGramCount(3).run(world, shard), Error);
}

}  // namespace
}  // namespace moce
