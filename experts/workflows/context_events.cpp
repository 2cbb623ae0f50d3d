// Workflow 3: the flow-context windows of the alert.
#include "experts/workflows/context_events.hpp"

#include "operators/stateful/flow_context.hpp"

namespace moce::experts {

Sequence ContextEvents::run(const Sequence& events, const Relation& sessions) const {
  const auto& spec = input->spec;
  if (events.rows().num_columns() == 0) return events;
  FlowContext context(spec.context_start, spec.context_end, spec.historical.start, spec.anomaly.end, spec.cohort);
  return context.run(events, sessions);
}

}  // namespace moce::experts
