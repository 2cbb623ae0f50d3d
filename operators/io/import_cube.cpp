// The cube importer: injection_info.csv's labels, then each incident file streamed.
#include "operators/io/import_cube.hpp"

#include <algorithm>
#include <filesystem>

#include "operators/io/aggregate_table.hpp"
#include "operators/io/corpus_format.hpp"
#include "operators/io/incident_index.hpp"
#include "runtime/comm/context.hpp"
#include "runtime/error.hpp"
#include "runtime/version.hpp"

namespace fs = std::filesystem;

namespace moce {

namespace {

constexpr const char* kKpi = "real";
constexpr const char* kLabelsFile = "injection_info.csv";

struct CubeLabel {
  std::string stem;
  std::int64_t timestamp = 0;
  std::vector<rs::CauseElement> causes;
  std::string where;  // file:line of the label
};

// "b=b10&c=c4;a=a2" -> {{b,b10},{c,c4}}, {{a,a2}}.
std::vector<rs::CauseElement> parse_set(std::string_view text, const std::string& where) {
  std::vector<rs::CauseElement> out;
  auto split = [](std::string_view s, char sep) {
    std::vector<std::string_view> parts;
    std::size_t start = 0;
    while (true) {
      const auto at = s.find(sep, start);
      parts.push_back(s.substr(start, at == std::string_view::npos ? std::string_view::npos : at - start));
      if (at == std::string_view::npos) return parts;
      start = at + 1;
    }
  };
  for (auto cause : split(text, ';')) {
    rs::CauseElement element;
    for (auto part : split(cause, '&')) {
      const auto eq = part.find('=');
      if (eq == std::string_view::npos || eq == 0 || eq + 1 == part.size())
        throw InputError(cat(where, ": column 'set': '", part, "' is not attribute=value (expected e.g. b=b10&c=c4;a=a2)"));
      element.emplace_back(std::string(part.substr(0, eq)), std::string(part.substr(eq + 1)));
    }
    out.push_back(std::move(element));
  }
  return out;
}

std::vector<CubeLabel> read_cube_labels(const std::string& path) {
  if (!fs::is_regular_file(path)) throw InputError(cat(path, ": no such file (expected the injected causes)"));
  CsvReader csv(path);
  const auto ts = csv.require_column("timestamp"), set = csv.require_column("set");
  std::vector<CubeLabel> labels;
  while (csv.next()) {
    CubeLabel l;
    l.stem = std::string(csv.text(ts));
    l.timestamp = csv.int64(ts);
    l.where = cat(path, ":", csv.line());
    l.causes = parse_set(csv.text(set), l.where);
    for (const auto& other : labels)
      if (other.stem == l.stem) csv.fail(ts, cat("incident '", l.stem, "' is labelled twice"));
    labels.push_back(std::move(l));
  }
  if (labels.empty()) throw InputError(cat(path, ": no labels (expected a row per incident)"));
  return labels;
}

}  // namespace

AggregateImportSummary import_cube(const std::string& dir, const std::string& out, const RsImportOptions& options) {
  if (!fs::is_directory(dir)) throw InputError(cat(dir, ": not a directory (expected incident CSVs and ", kLabelsFile, ")"));
  const auto labels = read_cube_labels((fs::path(dir) / kLabelsFile).string());
  for (const auto& l : labels)
    if (!fs::is_regular_file(fs::path(dir) / (l.stem + ".csv")))
      throw InputError(cat(l.where, ": incident '", l.stem, "' has no file ", l.stem, ".csv in ", dir));

  AggregateImportSummary summary;
  corpus::Provenance provenance;
  provenance.config_text = options.config_text;
  provenance.generator = cat("moce import cube ", version());
  auto context = make_local_context();
  CorpusWriter writer(out, *context, provenance, options.write);
  telemetry::DictionarySet dicts;
  std::vector<IncidentSpec> specs;
  for (const auto& label : labels) {
    const std::string file = (fs::path(dir) / (label.stem + ".csv")).string();
    CsvReader csv(file, options.block_bytes);
    const auto real_col = csv.require_column("real"), predict_col = csv.require_column("predict");
    std::vector<std::string> attributes;
    std::vector<std::size_t> attribute_cols;
    for (std::size_t c = 0; c < csv.header().size(); ++c) {
      if (c == real_col || c == predict_col) continue;
      if (!aggregates::is_valid_attribute(csv.header()[c]))
        throw InputError(cat(file, ":1: column '", csv.header()[c], "' cannot be a cohort attribute"));
      attributes.push_back(csv.header()[c]);
      attribute_cols.push_back(c);
    }
    IncidentSpec spec;
    spec.id = label.stem;
    spec.kpi = kKpi;
    spec.kpi_kind = KpiKind::kReal;
    const double t = static_cast<double>(label.timestamp);
    spec.anomaly = {t, t + 60};
    spec.historical = {t - 60, t};
    for (const auto& element : label.causes) {
      for (const auto& [attribute, value] : element)
        if (std::find(attributes.begin(), attributes.end(), attribute) == attributes.end())
          throw InputError(cat(label.where, ": column 'set': attribute '", attribute, "' is not a column of ", file));
      spec.truth.push_back(cause_id(element));
    }
    std::size_t elements = 0;
    for (const auto& e : label.causes) elements = std::max(elements, e.size());
    spec.category = cat("cube_", label.causes.size(), "x", elements);
    validate(spec, label.where);

    aggregates::AggregateBuilder builder(attributes, dicts);
    std::vector<std::string_view> values(attributes.size());
    double real_total = 0, predict_total = 0;
    while (csv.next()) {
      const double real = csv.real(real_col), predict = csv.real(predict_col);
      for (std::size_t a = 0; a < attributes.size(); ++a) values[a] = csv.text(attribute_cols[a]);
      builder.add(t - 60, values, 1, predict, predict * predict);
      builder.add(t, values, 1, real, real * real);
      real_total += real;
      predict_total += predict;
    }
    spec.higher_is_better = real_total < predict_total;
    summary.rows += static_cast<std::int64_t>(builder.rows());
    summary.csv_bytes += csv.bytes_read();
    aggregates::write(writer, spec.id, builder.take(), attributes, kKpi);
    specs.push_back(std::move(spec));
  }
  summary.incidents = static_cast<std::int64_t>(specs.size());
  write_incident_index(writer, *context, specs, std::make_shared<Dictionary>(std::vector<std::string>{}, "event"));
  writer.commit();
  return summary;
}

}  // namespace moce
