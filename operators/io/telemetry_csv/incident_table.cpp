// Reading incidents.csv through the incident index's own checks (validate, parse_truth, ...).
#include "operators/io/telemetry_csv/incident_table.hpp"

#include <cmath>

#include "operators/io/telemetry_csv/csv_reader.hpp"
#include "runtime/error.hpp"

namespace moce::telemetry {

IncidentTable read_incidents(const std::string& path) {
  CsvReader csv(path);
  IncidentTable table;
  table.path = path;
  const auto id = csv.require_column("incident_id"), category = csv.require_column("category"),
             kpi = csv.require_column("kpi"), kind = csv.require_column("kpi_kind"),
             better = csv.require_column("higher_is_better"), hist_start = csv.require_column("hist_start"),
             hist_end = csv.require_column("hist_end"), anomaly_start = csv.require_column("anomaly_start"),
             anomaly_end = csv.require_column("anomaly_end"), cohort = csv.require_column("cohort"),
             truth = csv.require_column("truth");
  const auto context_start = csv.find_column("context_start"), context_end = csv.find_column("context_end"),
             params = csv.find_column("params");
  while (csv.next()) {
    const std::string where = cat(path, ":", csv.line());
    IncidentSpec spec;
    spec.id = csv.text(id);
    if (spec.id.empty()) csv.fail(id, "is empty; every incident needs an id");
    if (auto seen = table.find(spec.id))
      csv.fail(id, cat("duplicate incident id '", spec.id, "' (first on line ", table.lines[*seen], ")"));
    spec.category = csv.text(category);
    spec.kpi = csv.text(kpi);
    if (spec.kpi.empty()) csv.fail(kpi, "is empty; expected the name of a KPI column of sessions.csv");
    spec.kpi_kind = parse_kpi_kind(std::string(csv.text(kind)), cat(where, ": column 'kpi_kind'"));
    const auto better_text = csv.text(better);
    if (better_text != "0" && better_text != "1")
      csv.fail(better, cat("'", better_text, "' is not 0 or 1"));
    spec.higher_is_better = better_text == "1";
    auto time = [&](std::size_t column) {
      const double t = csv.real(column);
      if (!std::isfinite(t)) csv.fail(column, cat("'", csv.text(column), "' is not a finite time"));
      return t;
    };
    spec.historical = {time(hist_start), time(hist_end)};
    spec.anomaly = {time(anomaly_start), time(anomaly_end)};
    spec.cohort = csv.text(cohort);
    spec.truth = parse_truth(std::string(csv.text(truth)), cat(where, ": column 'truth'"));
    if (context_start) spec.context_start = csv.text(*context_start);
    if (context_end) spec.context_end = csv.text(*context_end);
    if (params) spec.params = csv.text(*params);
    validate(spec, where);
    table.positions.emplace(spec.id, static_cast<std::int32_t>(table.specs.size()));
    table.specs.push_back(std::move(spec));
    table.lines.push_back(csv.line());
  }
  return table;
}

}  // namespace moce::telemetry
