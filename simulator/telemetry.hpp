// Columnar telemetry buffers for one chunk of sessions: the sessions table, the client events
// (sorted by session, then time, with CSR offsets) and the per-session injected ground truth.
#pragma once

#include <cstdint>
#include <vector>

#include "operators/data/relation.hpp"
#include "operators/data/sequence.hpp"
#include "simulator/world.hpp"

namespace moce::sim {

struct Telemetry {
  // Sessions.
  std::vector<std::int64_t> session_id, user_id, session_index;
  std::vector<double> start, end;
  std::vector<std::vector<std::int32_t>> attributes;  // one column per cohort attribute
  std::vector<std::vector<double>> kpis;              // one column per KPI; NaN = not applicable
  // Ground truth per session (not written): kEligible, kSelected and kReached bits.
  static constexpr std::uint8_t kEligible = 1;  // in the anomaly window and in the faulty group
  static constexpr std::uint8_t kSelected = 2;  // eligible and drawn into the affected fraction
  static constexpr std::uint8_t kReached = 4;   // the fault changed at least one of its requests
  std::vector<std::uint8_t> fault;
  // Per cause i (IncidentPlan::faults' causes, at most 8): bit i of `cause` = the session is in the
  // cause's group (its attribute values or lifecycle stage; the sessions that called its URL or
  // where its trigger pattern occurred; every session for a log cause) and in the alert's cohort, whatever its time; bit i of `cause_reached` = cause i
  // changed one of its requests. Decoys have no bits.
  std::vector<std::uint8_t> cause, cause_reached;
  // Events.
  std::vector<std::int64_t> ev_session;  // the session's row in the incident's sessions table
  std::vector<double> ts, latency_ms;
  std::vector<std::int32_t> event, url, status;
  std::vector<std::int64_t> offsets{0};  // local CSR offsets

  // Empties the buffers and reserves room for the largest chunk seen so far, so that the next
  // chunk's push_backs neither regrow nor copy (vector growth was ~5% of `moce simulate`).
  void reset(const World& world);
  std::size_t num_sessions() const { return session_id.size(); }
  std::size_t num_events() const { return ts.size(); }
  // Move the buffers into relations (the buffers are left empty; call reset() before reuse).
  Relation take_sessions(const World& world);
  Sequence take_events(const World& world);

 private:
  void remember_sizes();
  std::size_t most_sessions_ = 0, most_events_ = 0;
};

}  // namespace moce::sim
