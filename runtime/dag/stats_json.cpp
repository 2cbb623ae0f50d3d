// Writing the lazy DAG's measurements as JSON by hand (no JSON library in the runtime).
#include "runtime/dag/stats_json.hpp"

#include <cmath>
#include <cstdio>
#include <sstream>

#include "runtime/dag/node_error.hpp"

namespace moce {

namespace {
std::string json_number(double value) {
  if (!std::isfinite(value)) return "null";
  char text[32];
  std::snprintf(text, sizeof text, "%.17g", value);
  return text;
}
}  // namespace

std::string json_string(std::string_view text) {
  std::string out = "\"";
  for (const char c : text) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char escaped[8];
          std::snprintf(escaped, sizeof escaped, "\\u%04x", static_cast<unsigned>(static_cast<unsigned char>(c)));
          out += escaped;
        } else {
          out += c;
        }
    }
  }
  out += '"';
  return out;
}

void write_json(std::ostream& out, const Graph& graph) {
  const Graph::Options& options = graph.options();
  const GraphStats totals = graph.stats();
  out << "{\"mode\":" << (options.mode == Mode::kLazy ? "\"lazy\"" : "\"naive\"") << ",\"cache_bytes\":";
  if (options.cache_bytes == Graph::kUnlimited) out << "null"; else out << options.cache_bytes;
  out << ",\"eviction\":" << (options.eviction == EvictionPolicy::kLru ? "\"lru\"" : "\"lifo\"")
      << ",\"threads\":" << options.threads << ",\"totals\":{\"calls\":" << totals.calls
      << ",\"nodes\":" << totals.nodes << ",\"computations\":" << totals.computations
      << ",\"recomputations\":" << totals.recomputations << ",\"hits\":" << totals.hits
      << ",\"misses\":" << totals.misses << ",\"evictions\":" << totals.evictions
      << ",\"failures\":" << totals.failures << ",\"cached_bytes\":" << totals.cached_bytes
      << ",\"peak_cached_bytes\":" << totals.peak_cached_bytes << ",\"seconds\":" << json_number(totals.seconds)
      << "},\"nodes\":[";
  for (NodeId id = 0; id < graph.size(); ++id) {
    const NodeStats node = graph.node_stats(id);
    if (id > 0) out << ',';
    out << "{\"id\":" << id << ",\"name\":" << json_string(node.name) << ",\"key\":\"" << key_hex(node.key)
        << "\",\"seconds\":" << json_number(node.seconds) << ",\"bytes\":" << node.bytes
        << ",\"computations\":" << node.computations << ",\"hits\":" << node.hits << ",\"misses\":" << node.misses
        << ",\"evictions\":" << node.evictions << ",\"failed\":" << (node.failed ? "true" : "false") << '}';
  }
  out << "]}";
}

std::string to_json(const Graph& graph) {
  std::ostringstream out;
  write_json(out, graph);
  return out.str();
}

}  // namespace moce
