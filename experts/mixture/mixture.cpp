// Running the mixture on one incident.
#include "experts/mixture/mixture.hpp"

#include <chrono>
#include <ostream>

#include "runtime/dag/node_error.hpp"

namespace moce::experts {

const char* to_string(ExpertOutcome::Status status) {
  switch (status) {
    case ExpertOutcome::Status::kRan: return "ran";
    case ExpertOutcome::Status::kSkipped: return "skipped";
    case ExpertOutcome::Status::kFailed: return "failed";
  }
  return "?";
}

namespace {

double since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// The deepest message of a nested exception chain: what actually went wrong.
std::string innermost_message(const std::exception& error) {
  try {
    std::rethrow_if_nested(error);
  } catch (const std::exception& inner) {
    return innermost_message(inner);
  } catch (...) {
  }
  return error.what();
}

// A corrupt corpus is bad input, not one expert's failure: it stops the run with the reader's
// message (exit 1) instead of being recorded as an expert that failed.
void rethrow_if_corpus_error(const std::exception& error) {
  try {
    std::rethrow_if_nested(error);
  } catch (const CorpusError&) {
    throw;
  } catch (const std::exception& inner) {
    rethrow_if_corpus_error(inner);
  } catch (...) {
  }
  if (auto* corpus_error = dynamic_cast<const CorpusError*>(&error)) throw *corpus_error;
}

bool is_expert_step(const std::string& name) { return name.starts_with(kExpertStepPrefix); }

std::size_t internal_nodes(const Graph& graph) {
  std::size_t n = 0;
  for (NodeId id = 0; id < graph.size(); ++id)
    if (!is_expert_step(graph.node_stats(id).name)) ++n;
  return n;
}

}  // namespace

RcaResult run_mixture(const IncidentInput& input, const std::vector<const Expert*>& experts,
                      const MixtureOptions& options) {
  const auto start = std::chrono::steady_clock::now();
  RcaResult result;
  const Routing routing = route(experts, input);
  Graph graph(options.graph);
  Workflows workflows(graph, input);
  std::vector<Lazy<Leads>> handles;
  std::vector<std::string> build_errors;
  for (const Expert* expert : routing.routed) {
    try {
      handles.push_back(expert->build(workflows));
      build_errors.emplace_back();
    } catch (const Error& error) {
      rethrow_if_corpus_error(error);
      handles.emplace_back();
      build_errors.emplace_back(error.what());
    }
  }
  for (std::size_t i = 0; i < routing.routed.size(); ++i) {
    ExpertOutcome outcome;
    outcome.expert = routing.routed[i]->name();
    const auto t0 = std::chrono::steady_clock::now();
    if (!build_errors[i].empty()) {
      outcome.status = ExpertOutcome::Status::kFailed;
      outcome.reason = build_errors[i];
    } else {
      try {
        outcome.leads = *graph.get(handles[i]);
      } catch (const NodeError& error) {
        rethrow_if_corpus_error(error);
        outcome.status = ExpertOutcome::Status::kFailed;
        outcome.reason = innermost_message(error);
      }
    }
    outcome.seconds = since(t0);
    result.experts.push_back(std::move(outcome));
  }
  for (const auto& [name, why] : routing.skipped)
    result.experts.push_back({name, ExpertOutcome::Status::kSkipped, why, {}, 0});
  result.leads = combine(expert_outputs(result.experts), options.combiner);
  result.stats = graph.stats();
  result.seconds = since(start);
  return result;
}

std::vector<ExpertOutput> expert_outputs(const std::vector<ExpertOutcome>& outcomes) {
  std::vector<ExpertOutput> outputs;
  for (const auto& outcome : outcomes)
    if (outcome.status == ExpertOutcome::Status::kRan) outputs.push_back({outcome.expert, &outcome.leads});
  return outputs;
}

DagCounts count_nodes(const IncidentInput& input, const std::vector<const Expert*>& experts) {
  DagCounts counts;
  Graph unified;
  Workflows shared(unified, input);
  for (const Expert* expert : experts) {
    expert->build(shared);
    Graph alone;
    Workflows own(alone, input);
    expert->build(own);
    const std::size_t n = internal_nodes(alone);
    counts.per_expert.emplace_back(expert->name(), n);
    counts.per_expert_internal += n;
  }
  counts.unified_internal = internal_nodes(unified);
  counts.unified_total = unified.size();
  return counts;
}

void write_dot(std::ostream& out, const IncidentInput& input, const std::vector<const Expert*>& experts) {
  Graph graph;
  Workflows workflows(graph, input);
  for (const Expert* expert : experts) expert->build(workflows);
  out << "digraph moce {\n  rankdir=BT;\n  node [fontname=\"Helvetica\", fontsize=10];\n";
  for (NodeId id = 0; id < graph.size(); ++id) {
    const auto name = graph.node_stats(id).name;
    const bool step = is_expert_step(name);
    std::string label = step ? name.substr(kExpertStepPrefix.size()) : name;
    out << "  n" << id << " [label=\"" << label << "\", shape=" << (step ? "ellipse" : "box")
        << (step ? "" : ", style=filled, fillcolor=\"#dde8f5\"") << "];\n";
  }
  for (NodeId id = 0; id < graph.size(); ++id)
    for (NodeId input_id : graph.node_inputs(id)) out << "  n" << input_id << " -> n" << id << ";\n";
  out << "}\n";
}

}  // namespace moce::experts
