// `--hypotheses FILE`: concrete hypotheses written by any external tool (the HotNets prototype
// asked Llama 3.2, given the KPI descriptions and this schema). configs/hypotheses.example.json
// documents every field. The file is one JSON object:
//   {"hypotheses": [ {entry}, ... ]}
// and each entry an object with
//   "template": "static" | "event_pattern" | "lifecycle" | "indirect" | "stateful" | "nonlocal"  (required)
//   "kpi":      a KPI column of the corpus                                                        (required)
//   "cross":    a cohort attribute to cross with                                     (optional; not for event_pattern)
//   event_pattern: "k" (integer 1..4, required), "map" ("event" | "event_url"), "ignore" (array
//                  of event names, the filter F), "pattern" (array of k tokens: test just that one)
//   others:   "derived" (the derived column: see below, required), "op" ("<=" | ">" | ">=" |
//             "in"), "value" (number, required), "value2" (number, the end of an "in" range)
// Derived columns per template: lifecycle: session_index, inactive_hours; indirect: night, weekend,
// hour; stateful: duration_sec, retries, waiting_sec; nonlocal: log_errors, load_quantile;
// static: all. Unknown fields, wrong types and unknown names are errors naming the entry and field.
#pragma once

#include <string>
#include <vector>

#include "experts/opportunity/hypothesis.hpp"

namespace moce::experts::opportunity {

// Throws InputError("<path>: hypotheses[<i>].<field>: <what>") on any violation; `kpis` and
// `attributes` are the corpus' KPI columns and cohort attributes.
std::vector<Hypothesis> parse_hypotheses(const std::string& text, const std::string& path,
                                         const std::vector<std::string>& kpis,
                                         const std::vector<std::string>& attributes);
std::vector<Hypothesis> load_hypotheses(const std::string& path, const std::vector<std::string>& kpis,
                                        const std::vector<std::string>& attributes);

}  // namespace moce::experts::opportunity
