// Incident planning: the per-incident random choices (category, KPI, the faults with their
// targets, affected fractions and magnitudes, the alert's cohort, windows), keyed by
// (seed, incident stream) only, and the analyst's alert plus ground truth for the incident index.
#pragma once

#include <cmath>
#include <cstdint>
#include <vector>

#include "operators/io/incident_index.hpp"
#include "simulator/world.hpp"
#include "simulator/world_stats.hpp"

namespace moce::sim {

// What one injected fault hits.
enum class FaultKind {
  kUrl,        // every call of one request
  kCohort,     // every request of sessions holding all of `where`
  kPattern,    // every request after `pattern` occurred in the session
  kLog,        // every request, with the server log's burst intensity
  kLifecycle,  // every request of first or returning sessions (and `where`, if any)
};

struct Fault {
  FaultKind kind = FaultKind::kUrl;
  bool decoy = false;            // a real shift that is not the alert's cause (red_herring)
  double fraction = 1;           // share of eligible anomaly-window sessions affected
  double latency_factor = 1;     // injected latency multiplier (1 = none)
  double error_rate = 0;         // injected extra failure probability (0 = none)
  int request = -1;              // kUrl
  std::vector<AttributeValue> where;  // kCohort; kLifecycle: optional
  std::vector<std::int32_t> pattern;  // kPattern
  int log_template = -1;              // kLog
  int lifecycle = 0;                  // kLifecycle: 1 = first sessions, 2 = returning
  std::int64_t returning_min_index = 2;
};

struct IncidentPlan {
  std::int64_t index = 0;    // global incident number (its place in the corpus)
  std::uint64_t stream = 0;  // the key of its random streams: index, then a new key per redraw
  std::int64_t attempt = 0;  // 0 = first draw
  int category = 0;          // into World::categories
  int kpi = 0;               // into World::kpis
  IncidentSpec spec;
  std::vector<Fault> faults;         // the causes first, in spec.truth's order, then decoys
  std::vector<AttributeValue> alert;  // the alert's cohort (spec.cohort); empty = everyone
  double traffic_scale = 1;          // sessions = round(sessions-per-incident * traffic_scale)

  std::int64_t sessions(std::int64_t per_incident) const {
    return std::max<std::int64_t>(1, std::llround(static_cast<double>(per_incident) * traffic_scale));
  }
  std::size_t causes() const {
    std::size_t n = 0;
    for (auto& f : faults) n += f.decoy ? 0 : 1;
    return n;
  }
};

// Incident k of category `category` (global number `index`), drawn with stream attempt `attempt`.
// `per_category` sets the width of the id's number.
IncidentPlan plan_incident(const World& world, const WorldStats& stats, std::uint64_t seed, int category,
                           std::int64_t k, std::int64_t index, std::int64_t attempt, std::int64_t per_category);

// incidents_per_category first draws of each category, in category order (no realised-effect check).
std::vector<IncidentPlan> plan_incidents(const World& world, std::uint64_t seed, std::int64_t per_category);

// Every attribute value's share of users (WorldStats' sample).
std::vector<std::vector<double>> attribute_shares(const World& world);

// The server-log incident's intensity in [0, 1] at time t (0 outside the anomaly window).
double burst_intensity(const World& world, const IncidentSpec& spec, double t);

}  // namespace moce::sim
