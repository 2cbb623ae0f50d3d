// The second telemetry source (MoCE sec. 6.1): the web front-end's server log, one line per
// (time, level, template), with background lines following the load curve, background error
// bursts, and, in server_log incidents, the burst of the faulty template in the anomaly window.
#pragma once

#include <cstdint>
#include <vector>

#include "operators/data/relation.hpp"
#include "simulator/incident_plan.hpp"

namespace moce::sim {

// Log lines of minutes [first, last) of the incident's span (historical start + 60 s * minute),
// sorted by time. Each minute is drawn from its own stream, so any split of the minutes across
// ranks concatenates to the same log.
Relation server_log_minutes(const World& world, const IncidentPlan& plan, std::uint64_t seed, std::int64_t first,
                            std::int64_t last);

// Minutes in the incident's span.
std::int64_t server_log_minutes_total(const IncidentPlan& plan);

}  // namespace moce::sim
