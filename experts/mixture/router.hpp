// The expert router (sec. 4.3): picks the experts an incident goes to, by the KPI's kind and by
// the telemetry the incident has; every expert left out is recorded with the reason.
#pragma once

#include <string>
#include <vector>

#include "experts/core/expert.hpp"

namespace moce::experts {

struct Routing {
  std::vector<const Expert*> routed;                          // in the given order
  std::vector<std::pair<std::string, std::string>> skipped;  // (expert, why)
};

Routing route(const std::vector<const Expert*>& experts, const IncidentInput& input);

}  // namespace moce::experts
