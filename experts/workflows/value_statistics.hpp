// Single-entity cohort statistics: workflow 1's leaf cohorts rolled up to one row per (cohort
// attribute, value, window) with the KPI's `n`, `mean` and `m2` (sum of squared deviations),
// merged with Chan et al.'s pairwise update. Cohort experts (differential diagnosis, Adtributor,
// the lattice search) all start from it.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "experts/core/incident_input.hpp"
#include "operators/data/relation.hpp"

namespace moce::experts {

struct Moments {
  double n = 0, mean = 0, m2 = 0;
  void merge(double n2, double mean2, double m2_2);
  void merge(const Moments& other) { merge(other.n, other.mean, other.m2); }
  double variance() const { return n > 1 ? m2 / (n - 1) : 0; }
  double sum() const { return n * mean; }
};

struct ValueStats {
  std::vector<std::string> attributes;  // the cohort attributes, in corpus order
  struct Row {
    int attribute = 0;
    std::int32_t value = 0;
    Moments window[2];  // historical, anomaly
  };
  std::vector<Row> rows;  // by attribute, then value code
  Moments total[2];       // every alert session, per window
  std::vector<DictionaryPtr> dictionaries;  // per attribute
  const std::string& value_name(const Row& row) const {
    return dictionaries[static_cast<std::size_t>(row.attribute)]->value(row.value);
  }
  std::size_t bytes() const { return sizeof(*this) + rows.size() * sizeof(Row); }
};

// Moments of every leaf-cohort row of workflow 1 (`n`, `mean`, `var` columns).
Moments leaf_moments(const Relation& cohort_statistics, std::size_t row);

struct ValueStatistics {
  const IncidentInput* input;
  std::string_view name() const { return "value_statistics"; }
  void hash_params(Hasher& hasher) const { hasher.add(input->key()); }
  ValueStats run(const Relation& cohort_statistics) const;
};

}  // namespace moce::experts
