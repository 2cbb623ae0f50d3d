// Workflow 3 (sec. 5.1, Fig. 4b): context-aware events grouped by session. The events of each
// session of this rank inside the KPI's flow context (from the alert's start event to its end
// event; the whole session when the alert names none), in the alert cohort, for flows that begin
// in the historical or the anomaly window. Parts stay aligned with LoadSessions' rows.
#pragma once

#include <string_view>

#include "experts/core/incident_input.hpp"
#include "operators/data/relation.hpp"
#include "operators/data/sequence.hpp"

namespace moce::experts {

struct ContextEvents {
  const IncidentInput* input;
  std::string_view name() const { return "context_events"; }
  void hash_params(Hasher& hasher) const { hasher.add(input->key()); }
  Sequence run(const Sequence& events, const Relation& sessions) const;
};

}  // namespace moce::experts
