// Workflow 1 and its relatives: distributed group-bys over the alert's sessions.
#include "experts/workflows/cohort_statistics.hpp"

#include <cmath>
#include <limits>

#include "experts/workflows/session_tables.hpp"
#include "operators/io/aggregate_table.hpp"
#include "operators/io/corpus_format.hpp"
#include "operators/relational/group_by.hpp"
#include "operators/relational/predicate.hpp"

namespace moce::experts {

Relation SessionGroups::run(const Relation& alert_sessions) const {
  std::vector<std::string> group_keys = keys;
  group_keys.push_back(kWindowColumn);
  const std::string& kpi = input->spec.kpi;
  GroupBy group_by(group_keys, {Aggregate::count().named(kCount), Aggregate::sum(kpi).named(kSum),
                                Aggregate::mean(kpi).named(kMean), Aggregate::variance(kpi).named(kVariance)});
  return group_by.run(*input->group, alert_sessions);
}

Relation AggregateGroups::run() const {
  const auto& group = *input->group;
  const auto& spec = input->spec;
  const Share share = block_share(input->schema.aggregate_rows, group.rank(), group.size());
  const Relation table = input->corpus->read(corpus::aggregates_group(spec.id), share);
  auto mask = Predicate::cohort(spec.cohort).mask(table);
  const auto bucket = table.column(aggregates::kBucket).reals();
  std::vector<std::int64_t> keep, window;
  for (std::size_t i = 0; i < bucket.size(); ++i) {
    const double t = bucket[i];
    const std::int64_t w = t >= spec.anomaly.start && t < spec.anomaly.end         ? kAnomaly
                           : t >= spec.historical.start && t < spec.historical.end ? kHistorical
                                                                                   : -1;
    if (!mask[i] || w < 0) continue;
    keep.push_back(static_cast<std::int64_t>(i));
    window.push_back(w);
  }
  Relation rows = table.gather(keep);
  rows.add(kWindowColumn, Column::int64(std::move(window)));
  std::vector<std::string> group_keys = keys;
  group_keys.push_back(kWindowColumn);
  const Relation sums = GroupBy(group_keys, {Aggregate::sum(aggregates::kCount).named("c"),
                                             Aggregate::sum(aggregates::kSum).named("s"),
                                             Aggregate::sum(aggregates::kSumSquares).named("q")})
                            .run(group, rows);
  const auto c = sums.column("c").reals(), s = sums.column("s").reals(), q = sums.column("q").reals();
  std::vector<std::int64_t> n(c.size());
  std::vector<double> sum(c.size()), mean(c.size()), var(c.size());
  for (std::size_t r = 0; r < c.size(); ++r) {
    n[r] = static_cast<std::int64_t>(std::llround(c[r]));
    sum[r] = s[r];
    mean[r] = c[r] > 0 ? s[r] / c[r] : std::numeric_limits<double>::quiet_NaN();
    // The sample variance from the sums; clamped, since rounding can leave a tiny negative.
    var[r] = c[r] > 1 ? std::max(0.0, (q[r] - s[r] * s[r] / c[r]) / (c[r] - 1)) : std::numeric_limits<double>::quiet_NaN();
  }
  Relation out;
  for (const auto& k : group_keys) out.add(k, sums.column(k));
  out.add(kCount, Column::int64(std::move(n)))
      .add(kSum, Column::real(std::move(sum)))
      .add(kMean, Column::real(std::move(mean)))
      .add(kVariance, Column::real(std::move(var)));
  return out;
}

Relation KpiQuantiles::run(const Relation& alert_sessions) const {
  std::vector<Aggregate> aggregates;
  for (double q : qs) aggregates.push_back(Aggregate::quantile(input->spec.kpi, q).named(cat("q", 100 * q)));
  return GroupBy({kWindowColumn}, aggregates).run(*input->group, alert_sessions);
}

double window_value(const Relation& table, std::int64_t window, const std::string& column) {
  auto windows = table.column(kWindowColumn).int64s();
  for (std::size_t i = 0; i < windows.size(); ++i)
    if (windows[i] == window) return table.column(column).reals()[i];
  return std::numeric_limits<double>::quiet_NaN();
}

}  // namespace moce::experts
