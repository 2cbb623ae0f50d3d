// `moce import events`: a telemetry CSV directory (README.md here) converted into a corpus in
// the layout every producer writes (operators/io/README.md).
#pragma once

#include <cstdint>
#include <string>

#include "operators/io/corpus_writer.hpp"
#include "operators/io/telemetry_csv/csv_reader.hpp"

namespace moce {

struct ImportOptions {
  WriteOptions write;
  std::size_t block_bytes = CsvReader::kDefaultBlockBytes;  // CSV read size
  std::string config_text;                                  // recorded as the corpus' config
};

struct ImportSummary {
  std::int64_t incidents = 0, sessions = 0, events = 0, logs = 0;
  std::int64_t csv_bytes = 0;  // bytes of CSV read
};

// Reads `dir` and writes the corpus `out` on this process alone (a local context). On any error
// throws (InputError naming file, line and column for bad data) and leaves no file at `out`
// (an existing `out` is only replaced on success). Events are sorted through temporary run
// files in a directory beside `out`, removed afterwards.
ImportSummary import_telemetry(const std::string& dir, const std::string& out, const ImportOptions& options);

}  // namespace moce
