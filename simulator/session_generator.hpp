// The client (MoCE sec. 5.4): a user's session runs flows chosen by a state machine; each flow
// is a pattern graph of URL requests (stages in order, a stage's requests in parallel) with
// retries, timeouts and a backup service; the network/backend model and the incident decide each
// response. Every draw comes from streams keyed by (seed, incident, user or session), so a
// session's telemetry is the same whichever rank generates it.
#pragma once

#include <cstdint>
#include <limits>
#include <vector>

#include "simulator/incident_plan.hpp"
#include "simulator/network_model.hpp"
#include "simulator/random.hpp"
#include "simulator/telemetry.hpp"

namespace moce::sim {

class SessionGenerator {
 public:
  SessionGenerator(const World& world, const NetworkModel& network, const IncidentPlan& plan, std::uint64_t seed);

  // Appends session `session` (its global row in the incident) to `out`. Sessions are grouped by
  // user (a user's sessions are consecutive rows, in time order); calls with increasing
  // `session` are cheapest.
  void generate(std::int64_t session, Telemetry& out);

 private:
  struct User {
    std::int64_t id = -1;
    std::int64_t first_session = 0;  // global row of the user's first session in the window
    std::int64_t count = 0;          // the user's sessions in the window
    std::int64_t prior = 0;          // sessions before the window (0 = a first-time user)
    std::vector<double> starts;      // sorted
    std::vector<std::int32_t> codes;
  };
  struct Event {
    double ts;
    std::int32_t event, url, status;
    double latency_ms;
  };
  struct Attempt {  // the outcome of calling one request of a stage
    double end;
    bool ok;
  };

  std::int64_t user_session_count(std::int64_t user) const;
  void load_user(std::int64_t user, std::int64_t first_session);
  void seek(std::int64_t session);
  bool member(const Fault& f) const;  // the session is in the fault's group, whatever its time
  void run_flow(int flow, double& t);
  Attempt call(int request, double t, bool allow_backup);
  void emit(double ts, std::int32_t event, std::int32_t url = -1, double latency = kNaN, std::int32_t status = -1);
  void flush(bool sort);

  static constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

  const World& world_;
  const NetworkModel& network_;
  const IncidentPlan& plan_;
  std::uint64_t seed_;
  std::uint64_t incident_key_;
  DriftTable drift_;
  const std::vector<std::int32_t>* pattern_ = nullptr;  // the pattern fault's trigger, if any
  double window_start_, window_end_, max_load_;
  User user_;
  // Per-session state.
  Rng rng_{0};
  Telemetry* out_ = nullptr;
  std::int64_t row_ = 0;
  SessionTraits traits_;
  std::vector<std::uint8_t> affected_;  // per fault: drawn into its affected fraction
  std::uint8_t reached_ = 0;            // bit i: cause i changed at least one request
  std::uint8_t called_ = 0;             // bit i: the session called URL cause i's request
  bool poisoned_ = false;  // event_sequence: the trigger sequence happened in the session
  bool cors_forces_timeout_ = false;
  double load_latency_ = 1, load_error_ = 1;
  std::int64_t failed_attempts_ = 0;
  std::vector<Event> stage_;
  std::vector<std::int32_t> recent_;  // the last pattern-relevant events (a ring)
  std::size_t recent_next_ = 0;
  std::int64_t recent_seen_ = 0;
  std::vector<double> flow_first_start_, flow_first_end_, flow_first_action_;
  std::vector<std::int8_t> flow_first_ok_;
  std::vector<double> conversion_end_;  // per KPI: end of the converting flow, NaN if none yet
  OpportunityEffects opportunities_;    // planted standing harms (opportunity_plan.hpp)
};

}  // namespace moce::sim
