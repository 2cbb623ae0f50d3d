// Seeded test tables and brute-force references shared by the relational operator tests.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <map>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "operators/data/relation.hpp"

namespace moce::test {

inline DictionaryPtr make_dictionary(const std::string& prefix, int size) {
  std::vector<std::string> values;
  for (int i = 0; i < size; ++i) values.push_back(prefix + "-" + std::to_string(i));
  return std::make_shared<const Dictionary>(values, prefix);
}

// `rows` rows: isp (categorical, 6 values, some missing), os (categorical, 3), user (int64 in
// [0, users)), latency (double, ~10% NaN), bytes (int64), ts (double). Same table for the same
// seed on every rank.
inline Relation random_table(std::uint64_t seed, std::size_t rows, int users = 40) {
  static const DictionaryPtr isp = make_dictionary("ISP", 6), os = make_dictionary("os", 3);
  std::mt19937_64 rng(seed);
  std::uniform_int_distribution<int> pick_isp(-1, 5), pick_os(0, 2), pick_user(0, users - 1);
  std::uniform_int_distribution<int> pick_bytes(0, 1000);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  std::vector<std::int32_t> isp_codes(rows), os_codes(rows);
  std::vector<std::int64_t> user(rows), bytes(rows);
  std::vector<double> latency(rows), ts(rows);
  for (std::size_t r = 0; r < rows; ++r) {
    isp_codes[r] = pick_isp(rng);
    os_codes[r] = pick_os(rng);
    user[r] = pick_user(rng);
    bytes[r] = pick_bytes(rng);
    // Wide magnitudes make summation order visible; a few exact ties test quantile ties.
    double u = unit(rng);
    latency[r] = u < 0.1 ? std::nan("") : (u < 0.2 ? 5.0 : std::exp(8 * unit(rng)) - 1);
    ts[r] = std::floor(1000 * unit(rng));
  }
  Relation t;
  t.add("isp", Column::categorical(isp_codes, isp));
  t.add("os", Column::categorical(os_codes, os));
  t.add("user", Column::int64(user));
  t.add("latency", Column::real(latency));
  t.add("bytes", Column::int64(bytes));
  t.add("ts", Column::real(ts));
  return t;
}

inline std::int64_t key_at(const Column& c, std::size_t r) {
  return c.type() == ColumnType::kCategorical ? c.codes()[r] : c.int64s()[r];
}

inline double value_at(const Column& c, std::size_t r) {
  return c.type() == ColumnType::kDouble ? c.reals()[r] : static_cast<double>(c.int64s()[r]);
}

// The rows of each key tuple, by brute force (std::map orders tuples lexicographically).
inline std::map<std::vector<std::int64_t>, std::vector<std::size_t>> naive_groups(
    const Relation& t, const std::vector<std::string>& keys) {
  std::map<std::vector<std::int64_t>, std::vector<std::size_t>> groups;
  for (std::size_t r = 0; r < t.num_rows(); ++r) {
    std::vector<std::int64_t> key;
    for (auto& k : keys) key.push_back(key_at(t.column(k), r));
    groups[key].push_back(r);
  }
  return groups;
}

// Non-NaN values of `column` at `rows`.
inline std::vector<double> naive_values(const Relation& t, const std::string& column,
                                        const std::vector<std::size_t>& rows) {
  std::vector<double> out;
  for (auto r : rows) {
    double x = value_at(t.column(column), r);
    if (!std::isnan(x)) out.push_back(x);
  }
  return out;
}

// Linear-interpolation quantile written from the textbook formula (Hyndman & Fan type 7).
inline double naive_quantile(std::vector<double> x, double q) {
  if (x.empty()) return std::nan("");
  std::sort(x.begin(), x.end());
  double h = (static_cast<double>(x.size()) - 1) * q;
  auto lo = static_cast<std::size_t>(h);
  std::size_t hi = std::min(lo + 1, x.size() - 1);
  return x[lo] + (h - static_cast<double>(lo)) * (x[hi] - x[lo]);
}

inline void expect_close(double expected, double actual, double rel = 1e-12) {
  if (std::isnan(expected)) {
    EXPECT_TRUE(std::isnan(actual)) << "expected NaN, got " << actual;
    return;
  }
  EXPECT_NEAR(expected, actual, rel * std::max(1.0, std::fabs(expected)));
}

}  // namespace moce::test
