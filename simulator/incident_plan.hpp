// Incident planning: the per-incident random choices (category, KPI, faulty URL or cohort or
// pattern or log template, affected fraction, magnitude, windows), keyed by (seed, incident) only,
// and the analyst's alert plus ground truth that go into the incident index.
#pragma once

#include <cstdint>
#include <vector>

#include "operators/io/incident_index.hpp"
#include "simulator/world.hpp"

namespace moce::sim {

struct IncidentPlan {
  std::int64_t index = 0;  // global incident number: the key of its random streams
  int category = 0;        // into World::categories
  int kpi = 0;             // into World::kpis
  IncidentSpec spec;
  double fraction = 1;          // share of eligible anomaly-window sessions affected
  double latency_factor = 1;    // injected latency multiplier (1 = none)
  double error_rate = 0;        // injected extra failure probability (0 = none)
  int request = -1;             // url_*: the faulty request; backup_failure: the faulty backup
  int attribute = -1;           // cohort_*, app_version_bug, lifecycle: the faulty attribute value
  std::int32_t value = kMissingCode;
  std::vector<std::int32_t> pattern;  // event_sequence: the trigger sequence
  int log_template = -1;              // server_log
  int lifecycle = 0;                  // lifecycle: 1 = first sessions, 2 = returning (index >= min_index)
  std::int64_t returning_min_index = 2;
};

// Every attribute value's share of users, estimated once from the world (fixed sample).
std::vector<std::vector<double>> attribute_shares(const World& world);

// incidents_per_category incidents of each category, in category order.
std::vector<IncidentPlan> plan_incidents(const World& world, std::uint64_t seed, std::int64_t per_category);

// The server-log incident's intensity in [0, 1] at time t (0 outside the anomaly window).
double burst_intensity(const World& world, const IncidentPlan& plan, double t);

}  // namespace moce::sim
