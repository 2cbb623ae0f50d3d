// Aggregate: one output column of a group-by (count, sum, mean, variance, min, max, quantile).
#pragma once

#include <string>

#include "runtime/dag/hash.hpp"

namespace moce {

enum class AggregateKind { kCount, kSum, kMean, kVariance, kMin, kMax, kQuantile };

// Semantics over a group's rows: `count` counts rows (NaN or not); every other aggregate skips
// NaN values and sees only the group's numbers. Over no numbers: sum = 0, and mean, variance,
// min, max and quantiles are NaN; variance is the sample variance (divisor n-1), NaN for n < 2.
// Quantiles follow quantile_sorted (numpy's default linear rule) and are exact.
struct Aggregate {
  AggregateKind kind = AggregateKind::kCount;
  std::string column;  // the value column (int64 or double); empty for count
  double q = 0;        // for kQuantile, in [0, 1]
  std::string as;      // output column name; empty: the default name below

  static Aggregate count() { return {AggregateKind::kCount, "", 0, ""}; }
  static Aggregate sum(std::string c) { return {AggregateKind::kSum, std::move(c), 0, ""}; }
  static Aggregate mean(std::string c) { return {AggregateKind::kMean, std::move(c), 0, ""}; }
  static Aggregate variance(std::string c) { return {AggregateKind::kVariance, std::move(c), 0, ""}; }
  static Aggregate min(std::string c) { return {AggregateKind::kMin, std::move(c), 0, ""}; }
  static Aggregate max(std::string c) { return {AggregateKind::kMax, std::move(c), 0, ""}; }
  static Aggregate quantile(std::string c, double q) { return {AggregateKind::kQuantile, std::move(c), q, ""}; }
  static Aggregate p50(std::string c) { return quantile(std::move(c), 0.50); }
  static Aggregate p75(std::string c) { return quantile(std::move(c), 0.75); }
  static Aggregate p95(std::string c) { return quantile(std::move(c), 0.95); }
  Aggregate named(std::string name) const {
    Aggregate a = *this;
    a.as = std::move(name);
    return a;
  }

  // `as`, or "count", "sum_<c>", "mean_<c>", "var_<c>", "min_<c>", "max_<c>", "p<100q>_<c>".
  std::string output_name() const;
  void hash_append(Hasher& h) const {
    h.add(kind);
    h.add(column);
    h.add(q);
    h.add(output_name());
  }
};

}  // namespace moce
