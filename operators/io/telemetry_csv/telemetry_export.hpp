// `moce export events`: any corpus (simulated or imported) written as a telemetry CSV directory
// (README.md here) that `moce import events` reads back into identical datasets.
#pragma once

#include <cstdint>
#include <string>

namespace moce {

struct ExportSummary {
  std::int64_t incidents = 0, sessions = 0, events = 0, logs = 0;
  std::int64_t csv_bytes = 0;  // bytes written
};

// Writes incidents.csv, sessions.csv, events.csv, dictionaries.csv and (when some incident has
// logs) logs.csv into a temporary directory beside `out_dir`, then renames it to `out_dir`,
// which must not exist or be empty. On error nothing is left at `out_dir`. One incident is in
// memory at a time (its events in blocks of `block_rows`).
ExportSummary export_telemetry(const std::string& corpus_path, const std::string& out_dir,
                               std::int64_t block_rows = std::int64_t{1} << 20);

}  // namespace moce
