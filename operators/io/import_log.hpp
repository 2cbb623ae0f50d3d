// `moce import log`: a raw server log nobody here wrote (loghub's Apache log) as the server-log
// telemetry (/incidents/<id>/logs) of a corpus' incidents, for the log expert (MoCE sec. 6.1).
//
// A line is `[Www Mmm dd hh:mm:ss yyyy] [level] message`; its template is the first line of the
// templates CSV (columns EventId, EventTemplate; `<*>` matches any text) the message fits, and
// the stored template is that text. The log is added to every incident named in `align` as
// INCIDENT=LOGTIME: the log's Unix time LOGTIME (e.g. the start of an error burst) is shifted onto
// the incident's anomaly start, so a KPI degradation lines up with the log's real bursts. The
// input corpus is copied whole into `out` with the logs added.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "operators/io/corpus_writer.hpp"

namespace moce {

struct LogImportOptions {
  WriteOptions write;
  std::string templates;  // the templates CSV
  std::string corpus;     // the corpus whose incidents get the log
  std::string align;      // "INCIDENT=LOGTIME,..."
  std::string config_text;
};

struct LogImportSummary {
  std::int64_t lines = 0, templates = 0, incidents = 0;
};

struct LogLine {
  double ts = 0;           // Unix seconds (UTC)
  std::string level;
  std::string log_template;
};

// Parses the log against the templates; throws InputError "file:line: ..." on a line of another
// shape or one no template fits.
std::vector<LogLine> read_log(const std::string& log_path, const std::string& templates_path);

LogImportSummary import_log(const std::string& log_path, const std::string& out, const LogImportOptions& options);

}  // namespace moce
