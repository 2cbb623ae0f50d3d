// The mixture of experts on one incident (sec. 3.2, 4.3): route, build every routed expert on one
// lazy Graph over the shared workflows, resolve their leads, combine them. Also the unified DAG's
// node counts against each expert's own (sec. 6.3: "10 shared nodes instead of 37") and the
// unified DAG as Graphviz.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

#include "experts/core/expert.hpp"
#include "experts/mixture/combiner.hpp"
#include "experts/mixture/router.hpp"
#include "runtime/dag/graph.hpp"

namespace moce::experts {

struct ExpertOutcome {
  enum class Status { kRan, kSkipped, kFailed };
  std::string expert;
  Status status = Status::kRan;
  std::string reason;  // why skipped, or the error of a failed expert
  Leads leads;
  double seconds = 0;  // wall time of resolving its leads (shared nodes count where first computed)
};
const char* to_string(ExpertOutcome::Status status);

struct MixtureOptions {
  CombinerOptions combiner;
  Graph::Options graph;
};

struct RcaResult {
  std::vector<ExpertOutcome> experts;  // routed experts in the given order, then the skipped ones
  std::vector<CombinedLead> leads;     // top K; votes point into `experts`' evidence
  GraphStats stats;
  double seconds = 0;
};

// Runs `experts` on the incident. Every rank of input.group must call it with the same experts.
// An expert whose nodes throw is recorded as failed with the message; the others still run.
RcaResult run_mixture(const IncidentInput& input, const std::vector<const Expert*>& experts,
                      const MixtureOptions& options);

// The outcomes as the combiner's input (the ran experts' leads).
std::vector<ExpertOutput> expert_outputs(const std::vector<ExpertOutcome>& outcomes);

struct DagCounts {
  std::size_t unified_internal = 0;     // distinct internal (non-expert-step) nodes of the mixture
  std::size_t unified_total = 0;        // all distinct nodes, expert steps included
  std::size_t per_expert_internal = 0;  // sum over experts of their own internal nodes
  std::vector<std::pair<std::string, std::size_t>> per_expert;  // (expert, own internal nodes)
};

// Builds the experts' DAGs without computing anything: once together (hash-consed), once each
// alone, as separate monolithic programs would be.
DagCounts count_nodes(const IncidentInput& input, const std::vector<const Expert*>& experts);

// The unified DAG of `experts` on the incident in Graphviz dot: shared nodes are boxes, expert
// steps ellipses.
void write_dot(std::ostream& out, const IncidentInput& input, const std::vector<const Expert*>& experts);

}  // namespace moce::experts
