// The printed forms of a mixture's answer for one incident: text for people, JSON for tools.
#pragma once

#include <optional>
#include <string>

#include "experts/mixture/mixture.hpp"
#include "operators/io/incident_index.hpp"

namespace moce::cli {

std::string rca_text(const IncidentSpec& spec, const experts::RcaResult& result,
                     const std::optional<experts::DagCounts>& counts);
std::string rca_json(const IncidentSpec& spec, const experts::RcaResult& result,
                     const std::optional<experts::DagCounts>& counts);

}  // namespace moce::cli
