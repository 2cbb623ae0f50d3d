// `moce import rs`: the RS video-streaming incidents (RiskLoc's data/RS, ../shared/data/README.md)
// as a corpus of cohort-aggregate telemetry (aggregate_table.hpp).
//
// Each CSV row is one leaf cohort in one minute: `min` (Unix seconds), the cohort attributes,
// `value` and `cnt`. Following RiskLoc's loader, the KPI is (cnt - value) / cnt: the binary
// `ratio`, whose ones are the cnt - value plays, so a row becomes count = cnt, sum = sumsq =
// cnt - value and the leaf's KPI mean is RiskLoc's ratio. (The data README calls cnt - value the
// failing count, but the ratio drops at 133 of the 135 labelled minutes and rises at none by more
// than 0.03: higher is better, and the anomaly is its fall.) The anomaly window is the labelled
// minute; the historical window is the `history_minutes` minutes before it (RiskLoc's forecast
// is their mean, 4 minutes). The truth keeps every cause element: one element of several
// attributes is a combination id (a:v&b:w, parts sorted), several elements are several causes.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "operators/io/aggregate_import.hpp"
#include "operators/io/corpus_writer.hpp"
#include "operators/io/telemetry_csv/csv_reader.hpp"

namespace moce {

struct RsImportOptions {
  WriteOptions write;
  std::size_t block_bytes = CsvReader::kDefaultBlockBytes;
  std::string config_text;
  std::int64_t history_minutes = 4;
};

// Reads `dir` (*.csv and anomaly.yaml) one incident at a time and writes the corpus `out`. Bad
// input throws InputError naming the file and line; no file is left at `out` then.
AggregateImportSummary import_rs(const std::string& dir, const std::string& out, const RsImportOptions& options);

}  // namespace moce
