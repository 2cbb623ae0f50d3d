// Corpus dictionaries for an import, seeded from dictionaries.csv when the directory has one.
#include "operators/io/telemetry_csv/telemetry_tables.hpp"

#include "operators/io/telemetry_csv/csv_reader.hpp"
#include "runtime/error.hpp"

namespace moce::telemetry {

bool is_index_dictionary(const std::string& name) {
  for (const char* owned : {"incident_id", "category", "kpi", "kpi_kind", "cohort", "truth", "params"})
    if (name == owned) return true;
  return false;
}

const std::shared_ptr<Dictionary>& DictionarySet::get(const std::string& name) {
  auto& slot = dictionaries_[name];
  if (!slot) slot = std::make_shared<Dictionary>(std::vector<std::string>{}, name);
  return slot;
}

void DictionarySet::load(const std::string& path) {
  CsvReader csv(path);
  const auto name_col = csv.require_column("dictionary"), code_col = csv.require_column("code"),
             value_col = csv.require_column("value");
  while (csv.next()) {
    const std::string name(csv.text(name_col));
    if (name.empty()) csv.fail(name_col, "is empty; expected a dictionary name");
    if (is_index_dictionary(name)) continue;
    auto& dict = *get(name);
    const auto code = csv.int64(code_col);
    if (code != dict.size())
      csv.fail(code_col, cat("code ", code, " of dictionary '", name, "' is out of order; expected ", dict.size()));
    if (dict.find(csv.text(value_col)) != kMissingCode)
      csv.fail(value_col, cat("'", csv.text(value_col), "' is already in dictionary '", name, "'"));
    dict.intern(csv.text(value_col));
  }
}

}  // namespace moce::telemetry
