// Planted opportunities (HotNets'25 sec. 3-5): standing, subtle harms over a long time range that
// no incident alert catches. Each hurts one KPI for the sessions of a derived cohort (a static
// attribute value, a lifecycle stage, night time, an event sequence, or a conjunction of them) in
// every window, not only an anomaly window. The sections [opportunity.<name>] of the config
// describe them; the corpus records them as ground truth (attribute `planted_opportunities` of
// the root group, CSV text: name,kpi,cohort,fraction,error_rate,latency_factor).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "runtime/config.hpp"

namespace moce::sim {

inline constexpr const char* kPlantedOpportunitiesAttribute = "planted_opportunities";

struct World;
class Rng;

struct PlantedOpportunity {
  std::string name;
  std::string kpi;                                      // the KPI it hurts (ground truth only)
  std::vector<std::pair<int, std::int32_t>> where;      // attribute index, value code
  int lifecycle = 0;                                    // 0 any, 1 first session, 2 returning (index >= 2)
  bool night = false;                                   // start hour (UTC) < 9 or > 21
  std::vector<std::int32_t> pattern;                    // harm starts after this token sequence
  std::vector<std::uint8_t> requests;                   // per request: hit (empty = every request)
  double fraction = 1;                                  // share of member sessions affected
  double error_rate = 0;                                // extra failure probability per request
  double latency_factor = 1;                            // latency multiplier per request
  std::string cohort;  // canonical derived-cohort id (the finder's naming), e.g. "night & cdn=Edgio"
};

// [opportunities] planted = a, b and their [opportunity.<name>] sections (after flows, requests,
// events and KPIs are loaded). Keys: kpi, where (attr=value & ...), lifecycle (first|returning),
// night (true|false), pattern (e1>e2>...), flow (only that flow's requests and their backups),
// fraction, error_rate, latency_factor.
void load_opportunities(const Config& c, World& w);

// The ground truth as CSV text (header line first); empty when nothing is planted.
std::string planted_csv(const World& w);

// Per-session state of the planted effects inside SessionGenerator. Draws come from their own
// stream, so a world without opportunities generates exactly what it did before.
class OpportunityEffects {
 public:
  explicit OpportunityEffects(const World& world);
  bool empty() const { return planted_ == nullptr || planted_->empty(); }
  void begin_session(const std::int32_t* codes, std::int64_t session_index, double start, Rng& rng);
  // Feeds one event (in time order) to the sequence triggers.
  void observe(std::int32_t event);
  // Multiplies the request's latency and survival factors by the active effects.
  void apply(int request, double& latency_factor, double& survive) const;

 private:
  const World& world_;
  const std::vector<PlantedOpportunity>* planted_ = nullptr;
  std::vector<std::uint8_t> member_, armed_;    // per opportunity: in the cohort and drawn; trigger seen
  std::vector<std::size_t> matched_;            // per opportunity: prefix of its pattern matched so far
};

}  // namespace moce::sim
