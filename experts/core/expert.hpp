// Expert: one root-cause hypothesis search (MoCE sec. 3.1, Table 3) written as the last steps of
// a DAG over the shared workflows (experts/workflows). An expert is an immutable value: its
// name, what it serves, and its parameters, read once from the config section [expert.<name>]
// with the paper's defaults. build() records its nodes on the incident's Graph and computes
// nothing; the mixture asks for the leads.
//
//   class MyExpert : public Expert {
//    public:
//     explicit MyExpert(const Config* config) : Expert(kInfo, config), alpha_(param("alpha", 0.2, 0, 1)) {}
//     Lazy<Leads> build(Workflows& wf) const override {
//       return step(wf, "rank", [this](const Relation& stats) { ...; return leads; }, wf.cohort_statistics());
//     }
//   };
#pragma once

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "experts/core/incident_input.hpp"
#include "experts/core/lead.hpp"
#include "experts/workflows/workflows.hpp"
#include "runtime/config.hpp"
#include "runtime/dag/graph.hpp"

namespace moce::experts {

struct ExpertInfo {
  std::string name;              // unique; also the config section [expert.<name>]
  std::string family;            // its group in Figure 11 (Shapley by group)
  std::vector<KpiKind> kpi_kinds;  // the KPI kinds it serves (routing, sec. 4.3)
  std::string hypothesis_space;  // what its leads name
  std::vector<Telemetry> inputs;  // telemetry it needs (routing skips it when one is missing)
  std::string algorithm;          // e.g. "Flow model (A.1)"
  bool serves(KpiKind kind) const;
};

class Expert {
 public:
  virtual ~Expert() = default;
  Expert(const Expert&) = delete;
  Expert& operator=(const Expert&) = delete;

  const ExpertInfo& info() const { return info_; }
  const std::string& name() const { return info_.name; }
  // Resolved parameters (name, value as text), in the order the expert read them.
  const std::vector<std::pair<std::string, std::string>>& parameters() const { return parameters_; }
  // The name and every parameter: two experts with other settings never share a node.
  Key key() const { return key_; }

  // Whether the expert applies to the incident beyond its KPI kind and telemetry (e.g. Minesweeper
  // serves conversion metrics only); an empty string means yes, otherwise the reason it does not.
  virtual std::string applicability(const IncidentInput& input) const;

  // Records the expert's nodes on `wf`'s graph and returns the handle of its leads.
  virtual Lazy<Leads> build(Workflows& wf) const = 0;

 protected:
  // `config` may be null (every parameter at its default).
  Expert(ExpertInfo info, const Config* config);

  // Parameters of [expert.<name>]: the config's value, checked against [min, max], or the default.
  double param(const std::string& key, double fallback, double min, double max);
  std::int64_t param_int(const std::string& key, std::int64_t fallback, std::int64_t min, std::int64_t max);
  bool param_bool(const std::string& key, bool fallback);
  std::string param_string(const std::string& key, const std::string& fallback);

  // The expert's own (final, statistical) step as a node named "expert/<name>/<what>", keyed by
  // the expert, the incident and the inputs: fn(const I&...) -> Leads.
  template <class Fn, class... Inputs>
  Lazy<Leads> step(Workflows& wf, const std::string& what, Fn fn, Inputs&&... inputs) const;

 private:
  void record(const std::string& key, std::string value);

  ExpertInfo info_;
  const Config* config_;
  std::vector<std::pair<std::string, std::string>> parameters_;
  Key key_ = 0;
};

// The node behind Expert::step.
template <class Fn>
struct ExpertStep {
  std::string node_name;
  Key expert_key;
  Key incident_key;
  Fn fn;
  std::string_view name() const { return node_name; }
  void hash_params(Hasher& hasher) const {
    hasher.add(expert_key);
    hasher.add(incident_key);
  }
  template <class... I>
  Leads run(const I&... inputs) const {
    return fn(inputs...);
  }
};

// Name prefix of expert steps: the unified DAG's internal nodes are those without it.
inline constexpr std::string_view kExpertStepPrefix = "expert/";

template <class Fn, class... Inputs>
Lazy<Leads> Expert::step(Workflows& wf, const std::string& what, Fn fn, Inputs&&... inputs) const {
  ExpertStep<Fn> op{std::string(kExpertStepPrefix) + info_.name + "/" + what, key_, wf.input().key(), std::move(fn)};
  return wf.graph().call(op, std::forward<Inputs>(inputs)...);
}

}  // namespace moce::experts
