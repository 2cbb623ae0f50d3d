// The lazy DAG's measurements as JSON (runtime.json of an evaluation run): options, graph totals,
// and one record per node.
#pragma once

#include <ostream>
#include <string>
#include <string_view>

#include "runtime/dag/graph.hpp"

namespace moce {

// {"mode":"lazy","cache_bytes":null|N,"eviction":"lru"|"lifo","threads":N,
//  "totals":{"calls":..,"nodes":..,"computations":..,"recomputations":..,"hits":..,"misses":..,
//            "evictions":..,"failures":..,"cached_bytes":..,"peak_cached_bytes":..,"seconds":..},
//  "nodes":[{"id":0,"name":"..","key":"<16 hex digits>","seconds":..,"bytes":..,"computations":..,
//            "hits":..,"misses":..,"evictions":..,"failed":false}, ...]}
// Keys are strings: 64-bit integers do not survive JSON readers that parse numbers as doubles.
void write_json(std::ostream& out, const Graph& graph);
std::string to_json(const Graph& graph);

// `text` as a JSON string literal, quotes included (escapes ", \ and control characters).
std::string json_string(std::string_view text);

}  // namespace moce
