// Rolling leaf cohorts up to single entities.
#include "experts/workflows/value_statistics.hpp"

#include <map>

#include "experts/workflows/cohort_statistics.hpp"
#include "experts/workflows/session_tables.hpp"

namespace moce::experts {

void Moments::merge(double n2, double mean2, double m2_2) {
  if (n2 <= 0) return;
  if (n <= 0) {
    n = n2;
    mean = mean2;
    m2 = m2_2;
    return;
  }
  const double total = n + n2;
  const double delta = mean2 - mean;
  m2 += m2_2 + delta * delta * n * n2 / total;
  mean += delta * n2 / total;
  n = total;
}

Moments leaf_moments(const Relation& cohort_statistics, std::size_t row) {
  Moments m;
  m.n = static_cast<double>(cohort_statistics.column(kCount).int64s()[row]);
  m.mean = cohort_statistics.column(kMean).reals()[row];
  const double var = cohort_statistics.column(kVariance).reals()[row];
  m.m2 = m.n > 1 && var == var ? var * (m.n - 1) : 0;
  return m;
}

ValueStats ValueStatistics::run(const Relation& cohort_statistics) const {
  ValueStats out;
  out.attributes = input->schema.cohort_attributes;
  auto window = cohort_statistics.column(kWindowColumn).int64s();
  std::vector<std::map<std::int32_t, ValueStats::Row>> by_value(out.attributes.size());
  for (std::size_t a = 0; a < out.attributes.size(); ++a)
    out.dictionaries.push_back(cohort_statistics.column(out.attributes[a]).dictionary());
  for (std::size_t r = 0; r < cohort_statistics.num_rows(); ++r) {
    const auto w = static_cast<std::size_t>(window[r]);
    const Moments leaf = leaf_moments(cohort_statistics, r);
    out.total[w].merge(leaf);
    for (std::size_t a = 0; a < out.attributes.size(); ++a) {
      const std::int32_t code = cohort_statistics.column(out.attributes[a]).codes()[r];
      if (code < 0) continue;
      auto& row = by_value[a][code];
      row.attribute = static_cast<int>(a);
      row.value = code;
      row.window[w].merge(leaf);
    }
  }
  for (auto& values : by_value)
    for (auto& [code, row] : values) out.rows.push_back(row);
  return out;
}

}  // namespace moce::experts
