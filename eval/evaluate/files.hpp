// Output files: atomic writes (a temporary name, fsync, rename), the per-rank progress logs
// (append one complete line, fsync), and reading them back on a restart.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "eval/evaluate/record.hpp"

namespace moce::eval {

// Writes `text` to `path` through `path`.tmp and a rename: a reader sees the old file or the new.
void write_atomic(const std::string& path, const std::string& text);
// Appends `line` and a newline to `path` and fsyncs it.
void append_line(const std::string& path, const std::string& line);
// Removes the temporaries (*.tmp) a killed run left in `dir`; returns how many.
int remove_stale_temporaries(const std::string& dir);
// Reads every progress/rank-*.jsonl under `progress_dir`: complete records by incident id. A torn
// last line (no newline, or not a record) is cut off the file when `repair` so later appends start
// on a fresh line. A later record of the same incident replaces an earlier one.
std::map<std::string, IncidentRecord> read_progress(const std::string& progress_dir, bool repair);
// Lines (finished incidents) in the progress files, counted cheaply (for the progress display).
std::size_t count_progress_lines(const std::string& progress_dir);
std::string read_text(const std::string& path);

}  // namespace moce::eval
