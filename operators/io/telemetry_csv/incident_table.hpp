// incidents.csv read into incident specs (validated), with the line each came from and a
// lookup from incident id to its position.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "operators/io/incident_index.hpp"

namespace moce::telemetry {

// A hash map keyed by std::string that can be probed with a std::string_view (no copy per row).
struct TextHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};
template <class Value>
using TextMap = std::unordered_map<std::string, Value, TextHash, std::equal_to<>>;

struct IncidentTable {
  std::string path;
  std::vector<IncidentSpec> specs;  // in file order: the corpus keeps this order
  std::vector<std::int64_t> lines;  // line of each spec in the file
  TextMap<std::int32_t> positions;

  std::optional<std::int32_t> find(std::string_view id) const {
    auto it = positions.find(id);
    if (it == positions.end()) return std::nullopt;
    return it->second;
  }
};

// Reads and validates incidents.csv: required columns, numbers, kpi_kind, higher_is_better,
// windows, truth ids and unique ids. Errors name the file, line and column.
IncidentTable read_incidents(const std::string& path);

}  // namespace moce::telemetry
