// The cube importer: injection_info.csv's labels, then each incident file streamed.
#include "operators/io/import_cube.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>

#include "operators/io/incident_index.hpp"
#include "runtime/error.hpp"

namespace fs = std::filesystem;

namespace moce {

namespace {

constexpr const char* kKpi = "real";
constexpr const char* kLabelsFile = "injection_info.csv";

struct CubeLabel {
  std::string stem;
  std::int64_t timestamp = 0;
  std::vector<CauseElement> causes;
  std::string where;  // file:line of the label
};

// "b=b10&c=c4;a=a2" -> {{b,b10},{c,c4}}, {{a,a2}}.
std::vector<CauseElement> parse_set(std::string_view text, const std::string& where) {
  std::vector<CauseElement> out;
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
    CauseElement element;
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

  AggregateCorpus corpus(out, "moce import cube", options.config_text, options.write);
  for (const auto& label : labels) {
    const std::string file = (fs::path(dir) / (label.stem + ".csv")).string();
    CsvReader csv(file, options.block_bytes);
    const auto real_col = csv.require_column("real"), predict_col = csv.require_column("predict");
    const auto [attributes, attribute_cols] = cohort_columns(csv, {real_col, predict_col});
    IncidentSpec spec;
    spec.id = label.stem;
    spec.kpi = kKpi;
    spec.kpi_kind = KpiKind::kReal;
    const double t = static_cast<double>(label.timestamp);
    spec.anomaly = {t, t + 60};
    spec.historical = {t - 60, t};
    spec.truth = cause_ids(label.causes, attributes, label.where + ": column 'set'", file);
    std::size_t elements = 0;
    for (const auto& e : label.causes) elements = std::max(elements, e.size());
    spec.category = cat("cube_", label.causes.size(), "x", elements);
    validate(spec, label.where);

    aggregates::AggregateBuilder builder(attributes, corpus.dictionaries());
    std::vector<std::string_view> values(attributes.size());
    double real_total = 0, predict_total = 0;
    while (csv.next()) {
      const double real = csv.real(real_col), predict = csv.real(predict_col);
      // "nan" and "inf" parse as numbers but would turn every sum of the cohort into one.
      if (!std::isfinite(real)) csv.fail(real_col, cat("is ", real, "; expected a finite number"));
      if (!std::isfinite(predict)) csv.fail(predict_col, cat("is ", predict, "; expected a finite number"));
      for (std::size_t a = 0; a < attributes.size(); ++a) values[a] = csv.text(attribute_cols[a]);
      builder.add(t - 60, values, 1, predict, predict * predict);
      builder.add(t, values, 1, real, real * real);
      real_total += real;
      predict_total += predict;
    }
    spec.higher_is_better = real_total < predict_total;
    corpus.add(std::move(spec), builder, attributes, csv.bytes_read());
  }
  return corpus.commit();
}

}  // namespace moce
