// The RS importer: labels first, then each incident's CSV streamed into its aggregate table.
#include "operators/io/import_rs.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>

#include "operators/io/incident_index.hpp"
#include "operators/io/rs_labels.hpp"
#include "runtime/error.hpp"

namespace fs = std::filesystem;

namespace moce {

namespace {

constexpr const char* kKpi = "ratio";
constexpr const char* kLabelsFile = "anomaly.yaml";

// single: one attribute value; combination: one element of several attributes; multi_element:
// several elements. Scores are grouped by it.
std::string category_of(const rs::Label& label) {
  if (label.cause.size() > 1) return "rs_multi_element";
  return label.cause.front().size() > 1 ? "rs_combination" : "rs_single";
}

}  // namespace

AggregateImportSummary import_rs(const std::string& dir, const std::string& out, const RsImportOptions& options) {
  if (!fs::is_directory(dir)) throw InputError(cat(dir, ": not a directory (expected the RS CSV files and ", kLabelsFile, ")"));
  const std::string labels_path = (fs::path(dir) / kLabelsFile).string();
  const auto labels = rs::read_labels(labels_path);
  std::map<std::string, const rs::Label*> by_stem;
  for (const auto& l : labels) by_stem[l.stem] = &l;
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(dir))
    if (entry.is_regular_file() && entry.path().extension() == ".csv") files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  if (files.empty()) throw InputError(cat(dir, ": no .csv files (expected one per incident)"));
  std::map<std::string, bool> used;
  for (const auto& f : files) {
    const auto stem = f.stem().string();
    if (!by_stem.count(stem))
      throw InputError(cat(f.string(), ":1: no entry '", stem, "' in ", labels_path,
                           "; every incident file needs its anomaly timestamp and cause"));
    used[stem] = true;
  }
  for (const auto& l : labels)
    if (!used.count(l.stem))
      throw InputError(cat(labels_path, ":", l.line, ": entry '", l.stem, "' has no file ", l.stem, ".csv in ", dir));

  AggregateCorpus corpus(out, "moce import rs", options.config_text, options.write);
  for (const auto& f : files) {
    const rs::Label& label = *by_stem.at(f.stem().string());
    CsvReader csv(f.string(), options.block_bytes);
    const auto min_col = csv.require_column("min"), value_col = csv.require_column("value"),
               cnt_col = csv.require_column("cnt");
    const auto [attributes, attribute_cols] = cohort_columns(csv, {min_col, value_col, cnt_col});
    IncidentSpec spec;
    spec.id = label.stem;
    spec.category = category_of(label);
    spec.kpi = kKpi;
    spec.kpi_kind = KpiKind::kBinary;
    spec.higher_is_better = true;
    const double t = static_cast<double>(label.timestamp);
    spec.anomaly = {t, t + 60};
    spec.historical = {t - 60.0 * static_cast<double>(options.history_minutes), t};
    spec.truth = cause_ids(label.cause, attributes, cat(labels_path, ":", label.cause_line, ": cause of '", label.stem, "'"),
                           f.string());
    validate(spec, cat(labels_path, ":", label.cause_line));

    aggregates::AggregateBuilder builder(attributes, corpus.dictionaries());
    std::vector<std::string_view> values(attributes.size());
    bool anomaly_seen = false;
    while (csv.next()) {
      const auto minute = csv.int64(min_col);
      const double value = csv.real(value_col), cnt = csv.real(cnt_col);
      // NaN fails every comparison; an infinite cnt would make the cohort's sums infinite.
      if (!(cnt >= 0) || !(value >= 0) || value > cnt || !std::isfinite(cnt))
        csv.fail(cat("value ", value, " and cnt ", cnt, ": expected finite counts with 0 <= value <= cnt"));
      for (std::size_t a = 0; a < attributes.size(); ++a) values[a] = csv.text(attribute_cols[a]);
      const double ones = cnt - value;
      builder.add(static_cast<double>(minute), values, cnt, ones, ones);
      anomaly_seen = anomaly_seen || minute == label.timestamp;
    }
    if (!anomaly_seen)
      throw InputError(cat(f.string(), ": no row in the anomaly minute ", label.timestamp, " (", labels_path, ":",
                           label.line, ")"));
    corpus.add(std::move(spec), builder, attributes, csv.bytes_read());
  }
  return corpus.commit();
}

}  // namespace moce
