// Workflow 1 and its relatives: distributed group-bys over the alert's sessions.
#include "experts/workflows/cohort_statistics.hpp"

#include <cmath>
#include <limits>

#include "experts/workflows/session_tables.hpp"
#include "operators/relational/group_by.hpp"

namespace moce::experts {

Relation SessionGroups::run(const Relation& alert_sessions) const {
  std::vector<std::string> group_keys = keys;
  group_keys.push_back(kWindowColumn);
  const std::string& kpi = input->spec.kpi;
  GroupBy group_by(group_keys, {Aggregate::count().named(kCount), Aggregate::sum(kpi).named(kSum),
                                Aggregate::mean(kpi).named(kMean), Aggregate::variance(kpi).named(kVariance)});
  return group_by.run(*input->group, alert_sessions);
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
