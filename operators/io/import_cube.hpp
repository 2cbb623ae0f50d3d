// `moce import cube`: the common multi-dimensional RCA layout (the Squeeze/RiskLoc synthetic
// datasets) as a corpus of cohort-aggregate telemetry (aggregate_table.hpp).
//
//   DIR/injection_info.csv   columns `timestamp` and `set`; set = causes separated by ';', each
//                            a '&'-joined list of attribute=value (e.g. "b=b10&c=c4;a=a2")
//   DIR/<timestamp>.csv      one row per leaf cohort: `real`, `predict`, then attribute columns
//
// Each leaf is one observation of a real KPI: the forecast `predict` goes into a historical bucket
// (the minute before `timestamp`), the actual `real` into the anomaly bucket (the minute from
// `timestamp`), so per-cohort sums are exactly the layout's real and forecast totals. The KPI got
// worse in the direction of the total's deviation (a drop: higher is better).
#pragma once

#include <string>

#include "operators/io/import_rs.hpp"

namespace moce {

// Streams one incident file at a time; bad input throws InputError naming file and line and
// leaves no file at `out`. `options.history_minutes` is unused.
AggregateImportSummary import_cube(const std::string& dir, const std::string& out, const RsImportOptions& options);

}  // namespace moce
