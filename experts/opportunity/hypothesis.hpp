// Hypothesis templates (HotNets'25 sec. 4.1, 5.1). A template is a parameterised class of derived
// attributes; a concrete hypothesis fixes its parameters, the KPI, and optionally a static
// attribute to cross it with (the cohorts "atom & attribute=value" for every value). Each cohort
// tested is one hypothesis test; `--budget` counts those.
//
// Templates and their derived atoms (the canonical cohort names used in every output):
//   event_pattern  k tokens in a row after the filter F, tokens by the map M  pattern:a>b>c
//   lifecycle      session index <= k / > k; inactivity above f hours          session_index<=1, inactive>72h
//   indirect       night (hour < 9 or > 21), day, weekend, weekday, 6 h blocks  night, weekend, hour[18,24)
//   stateful       session duration, failed attempts, time waiting            duration>300s, retries>=2, waiting>10s
//   static         every session (crossed: the plain attribute=value cohorts)  os_version=iOS 16
//   nonlocal       server-log errors in the session's start minute; load       log_errors>=3, load>=p90
// Stateful attributes are measured inside the very session whose KPI is tested, so their cohorts
// describe the KPI's symptoms (a slow session waited longer); they are validated and reported as
// "symptom" leads, ranked after the opportunities.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace moce::experts::opportunity {

enum class Template { kStatic, kEventPattern, kLifecycle, kIndirect, kStateful, kNonLocal };
const char* to_string(Template t);

// A threshold atom over one derived column: value <= a, > a, >= a, or in [a, b).
struct Atom {
  enum class Op { kAtMost, kAbove, kAtLeast, kRange };
  Template family = Template::kLifecycle;
  std::string column;  // a derived column (derived_columns.hpp)
  Op op = Op::kAtMost;
  double a = 0, b = 0;
  std::string name() const;
  bool holds(double v) const {
    switch (op) {
      case Op::kAtMost: return v <= a;
      case Op::kAbove: return v > a;
      case Op::kAtLeast: return v >= a;
      case Op::kRange: return v >= a && v < b;
    }
    return false;
  }
};

// Event-pattern parameters: the k of the sequences, the map M (event name, or event@url for
// events that carry a URL) and the filter F (event names dropped before matching; "*suffix"
// drops every name ending in suffix). The default F drops the network plumbing and the outcome
// markers (a flow's error and end events): a sequence that contains the KPI's own outcome is its
// definition, not a cause.
struct PatternSpec {
  int k = 2;
  std::string map = "event";            // "event" | "event_url"
  std::vector<std::string> ignore = {"request", "response", "app_error", "*_end"};
  std::vector<std::string> only;        // a specific sequence (empty = every sequence seen)
  std::string key() const;              // M and F, which decide the token sequences
};

struct Hypothesis {
  Template family = Template::kLifecycle;
  Atom atom;              // all but event_pattern
  PatternSpec pattern;    // event_pattern
  std::string cross;      // "" = the atom alone; else a cohort attribute to cross with
  std::string kpi;
  std::string source = "grid";  // "grid" | "file" | "refined"
  std::string describe() const;
};

// The built-in parameter grids over every template; `cross_attributes` are the static
// attributes each non-pattern atom is crossed with (plus the atom alone); `kpis` the KPIs.
std::vector<Hypothesis> grid_hypotheses(const std::vector<std::string>& kpis,
                                        const std::vector<std::string>& cross_attributes);

// Neighbours of a hypothesis' parameters (the feedback loop's refinement): nearby thresholds,
// other crossings, a longer or shorter k.
std::vector<Hypothesis> refine(const Hypothesis& h, const std::vector<std::string>& cross_attributes);

}  // namespace moce::experts::opportunity
