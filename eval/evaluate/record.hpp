// One evaluated incident as the evaluation keeps it: the incident's label, and every expert's
// outcome (status and leads, confidences kept exactly) from one run of the whole mixture. Every
// scheme (the mixture, each expert alone, the baselines, Shapley subsets, corrupted leads) is
// recombined from these with combine(), so the experts run once per incident.
//
// A record is one line of JSON in results/RUN/progress/rank-<r>.jsonl (doubles as %.17g, so
// they read back bit for bit); a restarted run reads the lines back and skips those incidents.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "experts/core/lead.hpp"

namespace moce::eval {

struct ExpertRecord {
  std::string name;
  std::string family;
  std::string status;  // ran | skipped | failed
  std::string reason;
  experts::Leads leads;  // ids and confidences (evidence is not kept)
  double seconds = 0;
};

struct IncidentRecord {
  std::string id;
  std::string category;
  std::vector<std::string> truth;  // causes; a cause lists equivalent ids separated by '|'
  std::int64_t events = 0;
  std::int64_t sessions = 0;
  double seconds = 0;              // wall time of the mixture (timing only, never in the tables)
  std::vector<ExpertRecord> experts;

  bool is_null() const { return truth.empty(); }
};

// One line of JSON, without the newline.
std::string to_json_line(const IncidentRecord& record);
// Parses a line written by to_json_line; nothing when the line is torn or not a record.
std::optional<IncidentRecord> parse_json_line(const std::string& line);

// Formats a double so that strtod reads back the same value.
std::string exact(double value);

}  // namespace moce::eval
