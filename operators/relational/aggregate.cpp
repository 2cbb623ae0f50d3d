// Default output names of aggregates.
#include "operators/relational/aggregate.hpp"

#include <cmath>
#include <cstdio>

namespace moce {

std::string Aggregate::output_name() const {
  if (!as.empty()) return as;
  switch (kind) {
    case AggregateKind::kCount:
      return "count";
    case AggregateKind::kSum:
      return "sum_" + column;
    case AggregateKind::kMean:
      return "mean_" + column;
    case AggregateKind::kVariance:
      return "var_" + column;
    case AggregateKind::kMin:
      return "min_" + column;
    case AggregateKind::kMax:
      return "max_" + column;
    case AggregateKind::kQuantile: {
      char buffer[32];
      std::snprintf(buffer, sizeof buffer, "p%g_", q * 100);
      return buffer + column;
    }
  }
  return "?";
}

}  // namespace moce
