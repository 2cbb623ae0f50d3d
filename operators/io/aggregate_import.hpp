// What the importers of cohort-aggregate corpora (`moce import rs`, `moce import cube`) share:
// the attribute columns of an incident CSV, truth ids from labelled cause elements, and a corpus
// written one incident at a time (streaming: an incident's rows are dropped once written).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "operators/io/aggregate_table.hpp"
#include "operators/io/incident_index.hpp"
#include "operators/io/telemetry_csv/csv_reader.hpp"
#include "runtime/comm/context.hpp"

namespace moce {

// One labelled element of a root cause: (attribute, value) pairs.
using CauseElement = std::vector<std::pair<std::string, std::string>>;

// The truth id of one element: "a:v", or the combination "a:v&b:w" (parts sorted by name).
std::string cause_id(CauseElement element);
// The truth ids of `causes`; throws InputError "<where>: attribute 'x' is not a column of <file>"
// when an element names an attribute outside `attributes`.
std::vector<std::string> cause_ids(const std::vector<CauseElement>& causes, const std::vector<std::string>& attributes,
                                   const std::string& where, const std::string& file);

// The cohort attribute columns of an incident CSV: every column but `skip`, in header order.
struct CohortColumns {
  std::vector<std::string> names;
  std::vector<std::size_t> positions;
};
// Throws InputError "<file>:1: column 'x' ..." for a name an aggregate table cannot take.
CohortColumns cohort_columns(const CsvReader& csv, const std::vector<std::size_t>& skip);

struct AggregateImportSummary {
  std::int64_t incidents = 0;
  std::int64_t rows = 0;       // aggregate rows written
  std::int64_t csv_bytes = 0;  // bytes of input read
};

// A corpus of aggregate-only incidents, written under a temporary name and renamed by commit().
class AggregateCorpus {
 public:
  AggregateCorpus(const std::string& out, const std::string& generator, const std::string& config_text,
                  WriteOptions options);
  telemetry::DictionarySet& dictionaries() { return dicts_; }
  // Appends the incident's table (emptying `builder`) and remembers its spec for the index.
  void add(IncidentSpec spec, aggregates::AggregateBuilder& builder, const std::vector<std::string>& attributes,
           std::int64_t bytes_read);
  // Writes the incident index and renames the file into place.
  AggregateImportSummary commit();

 private:
  std::unique_ptr<Context> context_;
  CorpusWriter writer_;
  telemetry::DictionarySet dicts_;
  std::vector<IncidentSpec> specs_;
  AggregateImportSummary summary_;
};

}  // namespace moce
