// The predefined workflows of MoCE (sec. 5.1, Figure 14): published sub-DAGs that experts share.
// A Workflows object binds one incident to one Graph; each method records a node (or finds the
// node an earlier expert recorded: the runtime hash-conses them) and returns its handle, so each
// workflow is computed once per incident however many experts use it.
//
//   1. cohort_statistics(): the KPI by leaf cohort and window          (cohort_statistics.hpp)
//   2. url_statistics():    per session and URL, latency and failures  (url_statistics.hpp)
//   3. context_events():    events inside the KPI's flow context       (context_events.hpp)
//   4. event_patterns():    token sequences, faulty and normal         (event_patterns.hpp)
#pragma once

#include <string>
#include <vector>

#include "experts/core/incident_input.hpp"
#include "experts/workflows/cohort_statistics.hpp"
#include "experts/workflows/context_events.hpp"
#include "experts/workflows/event_patterns.hpp"
#include "experts/workflows/session_tables.hpp"
#include "experts/workflows/url_statistics.hpp"
#include "experts/workflows/value_statistics.hpp"
#include "runtime/dag/graph.hpp"

namespace moce::experts {

class Workflows {
 public:
  // `input` must outlive the graph's use of these nodes.
  Workflows(Graph& graph, const IncidentInput& input) : graph_(&graph), input_(&input) {}
  Graph& graph() const { return *graph_; }
  const IncidentInput& input() const { return *input_; }
  const IncidentSpec& spec() const { return input_->spec; }

  // This rank's shard of the sessions (with `row` and `window`) and of their events.
  Lazy<Relation> sessions() const { return graph_->call(LoadSessions{input_}); }
  Lazy<Sequence> events() const { return graph_->call(LoadEvents{input_}); }
  // The alert's sessions on this rank: alert cohort, either window, KPI present.
  Lazy<Relation> alert_sessions() const { return graph_->call(AlertSessions{input_}, sessions()); }
  // The whole server log (every rank).
  Lazy<Relation> logs() const { return graph_->call(LoadLogs{input_}); }

  // The KPI of the alert's sessions by `keys` and window (same on every rank); from the
  // cohort-aggregate table when the incident has no sessions.
  Lazy<Relation> session_groups(std::vector<std::string> keys) const {
    if (!input_->schema.has_sessions && input_->schema.has_aggregates)
      return graph_->call(AggregateGroups{input_, std::move(keys)});
    return graph_->call(SessionGroups{input_, std::move(keys)}, alert_sessions());
  }
  // The KPI's p10, p50, p90 per window (columns q10, q50, q90).
  Lazy<Relation> kpi_quantiles() const { return graph_->call(KpiQuantiles{input_, {0.1, 0.5, 0.9}}, alert_sessions()); }

  // Workflow 1.
  Lazy<Relation> cohort_statistics() const { return session_groups(input_->schema.cohort_attributes); }
  // Workflow 1 rolled up to single entities (attribute = value).
  Lazy<ValueStats> value_statistics() const { return graph_->call(ValueStatistics{input_}, cohort_statistics()); }
  // Workflow 3.
  Lazy<Sequence> context_events() const { return graph_->call(ContextEvents{input_}, events(), sessions()); }
  // Workflow 2.
  Lazy<Relation> url_statistics() const { return graph_->call(UrlStatistics{input_}, context_events(), sessions()); }
  // Workflow 4.
  Lazy<EventSequences> event_patterns() const {
    return graph_->call(EventPatterns{input_}, context_events(), sessions(), kpi_quantiles());
  }

 private:
  Graph* graph_;
  const IncidentInput* input_;
};

}  // namespace moce::experts
