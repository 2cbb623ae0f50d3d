// Workflow 2 (sec. 5.1): URL statistics in context-filtered sessions. For every alert-cohort
// session in either window and every URL its flow context called, one row: the session's `row`,
// `window`, KPI value (`kpi`, NaN if none), cohort attributes, the `url`, its `attempts`
// (network responses: event rows with a URL and a status), `failures` (status other than ok),
// `failure_rate` and mean `latency` (ms, over responses with a latency; NaN if none). Only URLs
// with more than one response in the incident are kept. Each rank scans its sessions' events;
// the rows are gathered in session order, so the table is the same on every rank.
#pragma once

#include <string_view>

#include "experts/core/incident_input.hpp"
#include "operators/data/relation.hpp"
#include "operators/data/sequence.hpp"

namespace moce::experts {

inline constexpr const char* kUrlColumn = "url";
inline constexpr const char* kAttempts = "attempts";
inline constexpr const char* kFailures = "failures";
inline constexpr const char* kFailureRate = "failure_rate";
inline constexpr const char* kLatency = "latency";
inline constexpr const char* kKpiColumn = "kpi";

struct UrlStatistics {
  const IncidentInput* input;
  std::string_view name() const { return "url_statistics"; }
  void hash_params(Hasher& hasher) const { hasher.add(input->key()); }
  bool collective() const { return true; }
  // `context`: workflow 3's events, parts aligned with `sessions` (this rank's LoadSessions).
  Relation run(const Sequence& context, const Relation& sessions) const;
};

}  // namespace moce::experts
