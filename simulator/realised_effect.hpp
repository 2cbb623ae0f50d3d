// What an incident's faults really did: per cause, the KPI inside the cause's sessions in the
// historical and the anomaly window, the Welch z between them, and the affected KPI sessions; and
// the redraw loop that replaces an incident whose realised effect falls below the world's floor
// (World::min_affected, min_effect_z), so that no label points at nothing.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "runtime/comm/context.hpp"
#include "simulator/incident_plan.hpp"
#include "simulator/network_model.hpp"
#include "simulator/telemetry.hpp"

namespace moce::sim {

struct CauseEffect {
  std::int64_t n_history = 0, n_anomaly = 0;  // the cause's sessions with the KPI in each window
  std::int64_t affected = 0;                  // sessions with the KPI that the cause reached
  double mean_history = 0, mean_anomaly = 0;
  double z = 0;  // Welch z of anomaly vs history; positive = worse
};

// Sums per cause over the sessions a rank generated. Values are summed as integers (a binary KPI
// as 0/1, a real one rounded to whole units: ms, counts), so the reduced sums, and the redraw
// decision, are exactly the same at any rank count.
class EffectTally {
 public:
  EffectTally(const World& world, const IncidentPlan& plan);
  void add(const Telemetry& t);  // before Telemetry::take_*
  std::vector<CauseEffect> reduce(const Context& context) const;  // collective

 private:
  enum { kNh, kNa, kSh, kSa, kQh, kQa, kAffected, kFields };
  const IncidentPlan& plan_;
  std::size_t kpi_;
  std::size_t causes_;
  std::vector<std::int64_t> sums_;  // kFields per cause
};

bool meets_floor(const World& world, const IncidentPlan& plan, const std::vector<CauseEffect>& effects);
// ";affected=..;kpi_history=..;kpi_anomaly=..;z=.." per cause (later causes prefixed cause2_, ...).
std::string effect_params(const std::vector<CauseEffect>& effects);

// Draws incident k of `category` until its realised effect meets the floor (null incidents are
// kept as drawn), at most world.max_redraws redraws, then throws ConfigError naming the incident.
// Collective: every rank generates its block share of each chunk of chunk_sessions sessions. If
// the incident is one chunk and `keep` is given, the accepted draw's share is left in *keep (else
// *keep is empty and the caller regenerates). The returned plan's params hold the realised effect.
IncidentPlan draw_incident(const World& world, const WorldStats& stats, const NetworkModel& network,
                           std::uint64_t seed, int category, std::int64_t k, std::int64_t index,
                           std::int64_t per_category, std::int64_t sessions_per_incident, std::int64_t chunk_sessions,
                           const Context& context, Telemetry* keep);

// The rank's block share of sessions [lo, hi) of the incident, appended to `out`.
void generate_share(const World& world, const NetworkModel& network, const IncidentPlan& plan, std::uint64_t seed,
                    std::int64_t lo, std::int64_t hi, const Context& context, Telemetry& out);

}  // namespace moce::sim
