// The labels of the RS incidents (RiskLoc's data/RS/anomaly.yaml): a reader for exactly that
// file's shape, since no YAML library is installed and the format is narrow:
//
//   - data: <file stem>
//     timestamp: <unix seconds of the anomaly minute>
//     cause: {'bitrate':2000, 'p2p':1}                 one cohort element (attribute -> value)
//     cause: [{'bitrate':500}, {'bitrate':2500}]       several elements
//
// Values are quoted strings or bare numbers; strings are UTF-8 and kept byte for byte.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace moce::rs {

// One element of a root cause: (attribute, value) pairs, in the file's order.
using CauseElement = std::vector<std::pair<std::string, std::string>>;

struct Label {
  std::string stem;             // the incident's CSV file name without ".csv"
  std::int64_t timestamp = 0;   // the anomaly minute, Unix seconds
  std::vector<CauseElement> cause;
  std::int64_t line = 0;        // line of "- data:" in the file, for error messages
  std::int64_t cause_line = 0;  // line of "cause:"
};

// Reads every entry; throws InputError "path:line: ..." naming what was expected at a malformed
// line, a missing field, or a stem given twice.
std::vector<Label> read_labels(const std::string& path);

}  // namespace moce::rs
