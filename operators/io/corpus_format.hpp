// The corpus layout shared by every writer and reader (DESIGN.md, "The corpus").
#pragma once

#include <cstdint>
#include <string>

namespace moce::corpus {

inline constexpr const char* kFormat = "moce-corpus";
inline constexpr std::int64_t kFormatVersion = 1;

// Group and dataset paths.
inline constexpr const char* kDictionaries = "/dictionaries";
inline constexpr const char* kIncidentIndex = "/incidents/index";
// An incident id as an HDF5 link name: '%', '/' and a leading '.' are percent-encoded, so any
// id from a user's CSV is a valid name (h5py users see the same name).
inline std::string group_name(const std::string& id) {
  std::string out;
  for (std::size_t i = 0; i < id.size(); ++i) {
    const char c = id[i];
    if (c == '%') out += "%25";
    else if (c == '/') out += "%2F";
    else if (c == '.' && i == 0) out += "%2E";
    else out += c;
  }
  return out;
}
inline std::string incident_group(const std::string& id) { return "/incidents/" + group_name(id); }
inline std::string sessions_group(const std::string& id) { return incident_group(id) + "/sessions"; }
inline std::string events_group(const std::string& id) { return incident_group(id) + "/events"; }
inline std::string events_offsets(const std::string& id) { return incident_group(id) + "/events_offsets"; }
inline std::string logs_group(const std::string& id) { return incident_group(id) + "/logs"; }

// The attribute of a categorical dataset naming its dictionary under /dictionaries.
inline constexpr const char* kDictionaryAttribute = "dictionary";

// Dictionaries the layout itself uses (incident index, events, logs). A cohort attribute may not
// take one of these names: its dictionary would collide with the layout's.
inline bool is_reserved_dictionary(const std::string& name) {
  for (const char* reserved : {"incident_id", "category", "kpi", "kpi_kind", "cohort", "truth", "params", "event",
                               "url", "status", "log_level", "log_template"})
    if (name == reserved) return true;
  return false;
}

// What a corpus records about how it was made (root attributes), for reproducibility.
struct Provenance {
  std::string config_text;  // the resolved config, as INI text
  std::int64_t seed = 0;
  std::string generator;    // e.g. "moce simulate 0.1.0"
  // Filled by the writer: git SHA, rank count, creation time.
  std::string git_sha;
  std::int64_t ranks = 1;
  std::string created;
  std::int64_t format_version = kFormatVersion;
};

}  // namespace moce::corpus
