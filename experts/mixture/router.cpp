// Routing by KPI kind, telemetry and each expert's own applicability.
#include "experts/mixture/router.hpp"

#include "runtime/error.hpp"

namespace moce::experts {

Routing route(const std::vector<const Expert*>& experts, const IncidentInput& input) {
  Routing routing;
  for (const Expert* expert : experts) {
    const auto& info = expert->info();
    if (!info.serves(input.spec.kpi_kind)) {
      routing.skipped.emplace_back(info.name, cat("serves other KPI kinds than ", to_string(input.spec.kpi_kind)));
      continue;
    }
    std::string missing;
    for (Telemetry needed : info.inputs)
      if (!input.schema.has(needed)) missing += (missing.empty() ? "" : ", ") + std::string(to_string(needed));
    if (!missing.empty()) {
      routing.skipped.emplace_back(info.name, cat("needs ", missing, ", which the incident lacks"));
      continue;
    }
    if (auto why = expert->applicability(input); !why.empty()) {
      routing.skipped.emplace_back(info.name, why);
      continue;
    }
    routing.routed.push_back(expert);
  }
  return routing;
}

}  // namespace moce::experts
