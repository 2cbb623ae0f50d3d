// GroupBy against hand-computed and numpy values and against a brute-force grouping.
#include "operators/relational/group_by.hpp"

#include <gtest/gtest.h>

#include "operators/relational/quantile.hpp"
#include "tests/operators_relational/tables.hpp"

namespace moce {
namespace {

using test::expect_close;

// Groups A (7 values + one NaN row), B (4 values), C (1 value).
Relation hand_table() {
  auto dict = std::make_shared<const Dictionary>(std::vector<std::string>{"A", "B", "C"}, "cohort");
  std::vector<std::int32_t> g = {0, 1, 0, 0, 2, 1, 0, 0, 1, 0, 0, 1};
  std::vector<double> x = {3.5, 10.0, 1.25, 9.0, 42.0, -2.5, 4.75, 2.0, 0.1, 7.5, 6.0, 3.3};
  g.push_back(0);
  x.push_back(std::nan(""));
  Relation t;
  t.add("cohort", Column::categorical(g, dict));
  t.add("x", Column::real(x));
  return t;
}

TEST(GroupBy, MatchesNumpyOnHandTable) {
  // Reference values from /usr/bin/python3 numpy 1.24: np.percentile(v, q) (default linear),
  // v.mean(), v.var(ddof=1), v.sum() for A = [3.5,1.25,9,4.75,2,7.5,6], B = [10,-2.5,0.1,3.3], C = [42].
  GroupBy op({"cohort"},
             {Aggregate::count(), Aggregate::sum("x"), Aggregate::mean("x"), Aggregate::variance("x"),
              Aggregate::min("x"), Aggregate::max("x"), Aggregate::p50("x"), Aggregate::p75("x"), Aggregate::p95("x")});
  for (std::int64_t limit : {GroupBy::kDenseLimit, std::int64_t{0}}) {
    GroupBy by({"cohort"}, op.aggregates(), limit);
    Relation out = by.run(hand_table());
    ASSERT_EQ(out.num_rows(), 3u);
    EXPECT_EQ(out.names(), (std::vector<std::string>{"cohort", "count", "sum_x", "mean_x", "var_x", "min_x", "max_x",
                                                     "p50_x", "p75_x", "p95_x"}));
    EXPECT_EQ(std::vector<std::int32_t>(out.column("cohort").codes().begin(), out.column("cohort").codes().end()),
              (std::vector<std::int32_t>{0, 1, 2}));
    // count counts rows, NaN included: A has 8.
    EXPECT_EQ(std::vector<std::int64_t>(out.column("count").int64s().begin(), out.column("count").int64s().end()),
              (std::vector<std::int64_t>{8, 4, 1}));
    auto col = [&](const char* name, std::size_t g) { return out.column(name).reals()[g]; };
    EXPECT_DOUBLE_EQ(col("sum_x", 0), 34.0);
    EXPECT_DOUBLE_EQ(col("sum_x", 1), 10.899999999999999);
    EXPECT_DOUBLE_EQ(col("mean_x", 0), 4.857142857142857);
    EXPECT_DOUBLE_EQ(col("mean_x", 1), 2.7249999999999996);
    EXPECT_DOUBLE_EQ(col("var_x", 0), 8.080357142857142);
    EXPECT_DOUBLE_EQ(col("var_x", 1), 29.149166666666662);
    EXPECT_TRUE(std::isnan(col("var_x", 2)));  // n = 1
    EXPECT_EQ(col("min_x", 0), 1.25);
    EXPECT_EQ(col("max_x", 1), 10.0);
    EXPECT_EQ(col("p50_x", 0), 4.75);
    EXPECT_EQ(col("p75_x", 0), 6.75);
    EXPECT_EQ(col("p95_x", 0), 8.549999999999999);
    EXPECT_EQ(col("p50_x", 1), 1.7);
    EXPECT_EQ(col("p75_x", 1), 4.975);
    EXPECT_EQ(col("p95_x", 1), 8.994999999999997);
    EXPECT_EQ(col("p95_x", 2), 42.0);
  }
}

TEST(Quantile, MatchesNumpyBitForBit) {
  // numpy 1.24 np.percentile([0.1, 0.2, 0.7], [10, 33, 50, 99]) = 0.12000000000000001,
  // 0.166, 0.2, 0.69; np.percentile([], 50) is NaN (with a warning).
  std::vector<double> x = {0.1, 0.2, 0.7};
  EXPECT_EQ(quantile_sorted(x, 0.10), 0.12000000000000001);
  EXPECT_EQ(quantile_sorted(x, 0.33), 0.166);
  EXPECT_EQ(quantile_sorted(x, 0.50), 0.2);
  EXPECT_EQ(quantile_sorted(x, 0.99), 0.69);
  EXPECT_EQ(quantile_sorted(x, 1.0), 0.7);
  EXPECT_EQ(quantile_sorted(x, 0.0), 0.1);
  EXPECT_TRUE(std::isnan(quantile_sorted({}, 0.5)));
}

// Every aggregate against a brute-force grouping of a seeded table, on both paths.
void check_against_naive(const Relation& t, const std::vector<std::string>& keys, std::int64_t dense_limit) {
  std::vector<Aggregate> aggs = {
      Aggregate::count(),      Aggregate::sum("latency"), Aggregate::mean("latency"), Aggregate::variance("latency"),
      Aggregate::min("bytes"), Aggregate::max("latency"), Aggregate::p50("latency"),  Aggregate::p95("bytes"),
      Aggregate::mean("bytes")};
  Relation out = GroupBy(keys, aggs, dense_limit).run(t);
  auto groups = test::naive_groups(t, keys);
  ASSERT_EQ(out.num_rows(), groups.size());
  std::size_t g = 0;
  for (auto& [key, rows] : groups) {
    for (std::size_t k = 0; k < keys.size(); ++k) EXPECT_EQ(test::key_at(out.column(keys[k]), g), key[k]);
    EXPECT_EQ(out.column("count").int64s()[g], static_cast<std::int64_t>(rows.size()));
    auto lat = test::naive_values(t, "latency", rows);
    auto bytes = test::naive_values(t, "bytes", rows);
    double sum = 0;
    for (double v : lat) sum += v;
    double mean = lat.empty() ? std::nan("") : sum / static_cast<double>(lat.size());
    double ss = 0;
    for (double v : lat) ss += (v - mean) * (v - mean);
    double var = lat.size() < 2 ? std::nan("") : ss / static_cast<double>(lat.size() - 1);
    EXPECT_EQ(out.column("sum_latency").reals()[g], sum);  // row order within the group: exact
    expect_close(mean, out.column("mean_latency").reals()[g]);
    expect_close(var, out.column("var_latency").reals()[g]);
    expect_close(*std::min_element(bytes.begin(), bytes.end()), out.column("min_bytes").reals()[g], 0);
    expect_close(lat.empty() ? std::nan("") : *std::max_element(lat.begin(), lat.end()),
                 out.column("max_latency").reals()[g], 0);
    expect_close(test::naive_quantile(lat, 0.5), out.column("p50_latency").reals()[g]);
    expect_close(test::naive_quantile(bytes, 0.95), out.column("p95_bytes").reals()[g]);
    ++g;
  }
}

TEST(GroupBy, DenseCategoricalKeysMatchBruteForce) {
  for (std::uint64_t seed : {1, 2, 3})
    check_against_naive(test::random_table(seed, 3000), {"isp", "os"}, GroupBy::kDenseLimit);
}

TEST(GroupBy, HashedCategoricalKeysMatchBruteForce) {
  check_against_naive(test::random_table(4, 3000), {"isp", "os"}, 0);
}

TEST(GroupBy, Int64AndMixedKeysMatchBruteForce) {
  check_against_naive(test::random_table(5, 3000), {"user"}, GroupBy::kDenseLimit);
  check_against_naive(test::random_table(6, 3000), {"os", "user"}, GroupBy::kDenseLimit);
}

TEST(GroupBy, DenseAndHashedPathsAgreeExactly) {
  Relation t = test::random_table(7, 5000);
  std::vector<Aggregate> aggs = {Aggregate::count(), Aggregate::sum("latency"), Aggregate::variance("latency"),
                                 Aggregate::p75("latency")};
  EXPECT_TRUE(GroupBy({"isp", "os"}, aggs).run(t).equals(GroupBy({"isp", "os"}, aggs, 0).run(t)));
}

TEST(GroupBy, NoKeysIsOneGlobalGroup) {
  Relation out = GroupBy({}, {Aggregate::count(), Aggregate::sum("x")}).run(hand_table());
  ASSERT_EQ(out.num_rows(), 1u);
  EXPECT_EQ(out.column("count").int64s()[0], 13);
  EXPECT_DOUBLE_EQ(out.column("sum_x").reals()[0], 34.0 + 10.9 + 42.0);
}

TEST(GroupBy, VarianceIsStableForLargeOffsets) {
  // Values 1e9 + {1, 2, 3, 4}: sample variance 5/3 exactly; a sum-of-squares formula loses it.
  auto dict = std::make_shared<const Dictionary>(std::vector<std::string>{"a"}, "g");
  Relation t;
  t.add("g", Column::categorical({0, 0, 0, 0}, dict));
  t.add("x", Column::real({1e9 + 1, 1e9 + 2, 1e9 + 3, 1e9 + 4}));
  EXPECT_NEAR(GroupBy({"g"}, {Aggregate::variance("x")}).run(t).column("var_x").reals()[0], 5.0 / 3.0, 1e-9);
}

TEST(GroupBy, RejectsDoubleKeysAndCategoricalValues) {
  Relation t = hand_table();
  EXPECT_THROW(GroupBy({"x"}, {Aggregate::count()}).run(t), Error);
  EXPECT_THROW(GroupBy({"cohort"}, {Aggregate::sum("cohort")}).run(t), Error);
  EXPECT_THROW(GroupBy({"cohort"}, {Aggregate::quantile("x", 1.5)}), Error);
  EXPECT_THROW(GroupBy({"nope"}, {Aggregate::count()}).run(t), Error);
}

TEST(GroupBy, OutputNamesAndCustomNames) {
  EXPECT_EQ(Aggregate::p95("lat").output_name(), "p95_lat");
  EXPECT_EQ(Aggregate::mean("lat").named("avg").output_name(), "avg");
  Relation out = GroupBy({"cohort"}, {Aggregate::mean("x").named("avg")}).run(hand_table());
  EXPECT_TRUE(out.has("avg"));
}

}  // namespace
}  // namespace moce
