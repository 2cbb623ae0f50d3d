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
inline std::string incident_group(const std::string& id) { return "/incidents/" + id; }
inline std::string sessions_group(const std::string& id) { return incident_group(id) + "/sessions"; }
inline std::string events_group(const std::string& id) { return incident_group(id) + "/events"; }
inline std::string events_offsets(const std::string& id) { return incident_group(id) + "/events_offsets"; }
inline std::string logs_group(const std::string& id) { return incident_group(id) + "/logs"; }

// The attribute of a categorical dataset naming its dictionary under /dictionaries.
inline constexpr const char* kDictionaryAttribute = "dictionary";

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
