// Shared pieces of the aggregate importers.
#include "operators/io/aggregate_import.hpp"

#include <algorithm>

#include "runtime/error.hpp"
#include "runtime/version.hpp"

namespace moce {

std::string cause_id(CauseElement element) {
  std::sort(element.begin(), element.end());
  std::string id;
  for (const auto& [attribute, value] : element) id += (id.empty() ? "" : "&") + attribute + ":" + value;
  return id;
}

std::vector<std::string> cause_ids(const std::vector<CauseElement>& causes, const std::vector<std::string>& attributes,
                                   const std::string& where, const std::string& file) {
  std::vector<std::string> ids;
  for (const auto& element : causes) {
    for (const auto& [attribute, value] : element)
      if (std::find(attributes.begin(), attributes.end(), attribute) == attributes.end())
        throw InputError(cat(where, ": attribute '", attribute, "' is not a column of ", file));
    ids.push_back(cause_id(element));
  }
  return ids;
}

CohortColumns cohort_columns(const CsvReader& csv, const std::vector<std::size_t>& skip) {
  CohortColumns out;
  for (std::size_t c = 0; c < csv.header().size(); ++c) {
    if (std::find(skip.begin(), skip.end(), c) != skip.end()) continue;
    const auto& name = csv.header()[c];
    if (!aggregates::is_valid_attribute(name))
      throw InputError(cat(csv.path(), ":1: column '", name, "' cannot be a cohort attribute (a reserved name, or it ",
                           "holds one of ; | & : ,)"));
    out.names.push_back(name);
    out.positions.push_back(c);
  }
  return out;
}

AggregateCorpus::AggregateCorpus(const std::string& out, const std::string& generator, const std::string& config_text,
                                 WriteOptions options)
    : context_(make_local_context()),
      writer_(out, *context_, [&] {
        corpus::Provenance p;
        p.config_text = config_text;
        p.generator = cat(generator, " ", version());
        return p;
      }(), options) {}

void AggregateCorpus::add(IncidentSpec spec, aggregates::AggregateBuilder& builder,
                          const std::vector<std::string>& attributes, std::int64_t bytes_read) {
  summary_.rows += static_cast<std::int64_t>(builder.rows());
  summary_.csv_bytes += bytes_read;
  aggregates::write(writer_, spec.id, builder.take(), attributes, spec.kpi);
  specs_.push_back(std::move(spec));
}

AggregateImportSummary AggregateCorpus::commit() {
  summary_.incidents = static_cast<std::int64_t>(specs_.size());
  write_incident_index(writer_, *context_, specs_, std::make_shared<Dictionary>(std::vector<std::string>{}, "event"));
  writer_.commit();
  return summary_;
}

}  // namespace moce
