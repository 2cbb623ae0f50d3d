// The exporter: corpus rows in corpus order, so an import interns dictionary values and sorts
// events back into exactly the same datasets; dictionaries.csv carries the codes themselves.
#include "operators/io/telemetry_csv/telemetry_export.hpp"

#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <filesystem>

#include "operators/io/corpus_reader.hpp"
#include "operators/io/incident_index.hpp"
#include "operators/io/telemetry_csv/csv_writer.hpp"
#include "operators/io/telemetry_csv/telemetry_tables.hpp"
#include "runtime/error.hpp"
#include "runtime/temp_files.hpp"

namespace moce {

namespace {

namespace fs = std::filesystem;

// Removes a half-written output directory unless the export finished.
class DirectoryGuard {
 public:
  explicit DirectoryGuard(fs::path path) : path_(std::move(path)) {}
  ~DirectoryGuard() {
    std::error_code ignored;
    if (!path_.empty()) fs::remove_all(path_, ignored);
  }
  DirectoryGuard(const DirectoryGuard&) = delete;
  DirectoryGuard& operator=(const DirectoryGuard&) = delete;
  void release() { path_.clear(); }

 private:
  fs::path path_;
};

void write_cell(CsvWriter& out, const Column& column, std::size_t row) {
  switch (column.type()) {
    case ColumnType::kInt64: out.int64(column.int64s()[row]); return;
    case ColumnType::kDouble: out.real(column.reals()[row]); return;
    case ColumnType::kCategorical: {
      const auto code = column.codes()[row];
      if (code == kMissingCode) out.empty();
      else out.text(column.dictionary()->value(code));
      return;
    }
  }
}

std::string cell_text(const Column& column, std::size_t row) {
  switch (column.type()) {
    case ColumnType::kInt64: {
      char text[32];
      auto [end, ec] = std::to_chars(text, text + sizeof text, column.int64s()[row]);
      return std::string(text, end);
    }
    case ColumnType::kDouble: return cat(column.reals()[row]);
    case ColumnType::kCategorical: {
      const auto code = column.codes()[row];
      return code == kMissingCode ? std::string() : column.dictionary()->value(code);
    }
  }
  return {};
}

}  // namespace

ExportSummary export_telemetry(const std::string& corpus_path, const std::string& out_dir, std::int64_t block_rows) {
  CorpusReader reader(corpus_path);
  const auto specs = read_incident_index(reader);
  // `moce import rs|cube` corpora hold per-cohort aggregates only (aggregate_table.hpp): there is
  // no session or event to write, and the CSV layout has no place for aggregates.
  for (auto& s : specs)
    if (!reader.exists(corpus::sessions_group(s.id)))
      throw InputError(cat("corpus '", corpus_path, "', incident '", s.id, "': no sessions table (",
                           corpus::sessions_group(s.id), "); export needs session-level telemetry (sessions and ",
                           "events, as 'moce simulate' and 'moce import events' write), and an aggregate-only corpus ",
                           "from 'moce import rs|cube' has none to write"));
  // "out/" names the directory "out": drop trailing separators before taking its name.
  fs::path out = fs::path(out_dir).lexically_normal();
  if (!out.has_filename() && out.has_parent_path()) out = out.parent_path();
  if (fs::exists(out) && !(fs::is_directory(out) && fs::is_empty(out)))
    throw InputError(cat(out_dir, ": already exists and is not an empty directory; export writes a new one"));
  const auto temp = out.parent_path() / cat(".", out.filename().string(), ".tmp-", ::getpid());
  // A killed export's half-written folder (a signal cannot remove a folder safely).
  remove_dead_temporaries(out.parent_path().string(), cat(".", out.filename().string(), ".tmp-"));
  std::error_code error;
  if (!fs::create_directory(temp, error))
    throw InputError(cat(temp.string(), ": cannot create the export directory (",
                         error ? error.message() : "it exists", ")"));
  DirectoryGuard guard(temp);
  ExportSummary summary;
  auto file = [&](const char* name) { return (temp / name).string(); };

  CsvWriter dictionaries(file(telemetry::kDictionariesFile), telemetry::kDictionaryColumns);
  if (reader.exists(corpus::kDictionaries))
    for (auto& name : reader.members(corpus::kDictionaries)) {
      auto dict = reader.dictionary(name);
      for (std::int32_t code = 0; code < dict->size(); ++code)
        dictionaries.text(name).int64(code).text(dict->value(code)).end_row();
    }
  dictionaries.close();

  CsvWriter incidents(file(telemetry::kIncidentsFile), telemetry::kIncidentColumns);
  for (auto& s : specs)
    incidents.text(s.id).text(s.category).text(s.kpi).text(to_string(s.kpi_kind)).int64(s.higher_is_better ? 1 : 0)
        .real(s.historical.start).real(s.historical.end).real(s.anomaly.start).real(s.anomaly.end)
        .text(s.cohort).text(join_truth(s.truth)).text(s.context_start).text(s.context_end).text(s.params)
        .end_row();
  incidents.close();

  // sessions.csv holds the union of every incident's session columns. A column new to the union
  // goes right after its predecessor in its own incident, so each incident's columns keep
  // their relative order and an import rebuilds them in the same order.
  std::vector<std::string> columns;
  bool any_logs = false;
  for (auto& s : specs) {
    auto at = columns.begin();
    for (auto& name : reader.members(corpus::sessions_group(s.id))) {
      auto found = std::find(columns.begin(), columns.end(), name);
      at = found != columns.end() ? found + 1 : columns.insert(at, name) + 1;
    }
    any_logs = any_logs || reader.exists(corpus::logs_group(s.id));
  }
  for (auto& key : telemetry::kSessionKeyColumns)
    if (key != "incident_id" && std::find(columns.begin(), columns.end(), key) == columns.end())
      throw CorpusError(cat("corpus '", corpus_path, "': the sessions tables lack the column '", key, "'"));
  std::vector<std::string> header{"incident_id"};
  header.insert(header.end(), columns.begin(), columns.end());
  CsvWriter sessions(file(telemetry::kSessionsFile), header);
  CsvWriter events(file(telemetry::kEventsFile), telemetry::kEventColumns);
  std::unique_ptr<CsvWriter> logs;
  if (any_logs) logs = std::make_unique<CsvWriter>(file(telemetry::kLogsFile), telemetry::kLogColumns);

  for (auto& s : specs) {
    const auto table = reader.read(corpus::sessions_group(s.id));
    std::vector<const Column*> cells;
    for (auto& name : columns) cells.push_back(table.has(name) ? &table.column(name) : nullptr);
    for (std::size_t row = 0; row < table.num_rows(); ++row) {
      sessions.text(s.id);
      for (auto* c : cells) {
        if (c) write_cell(sessions, *c, row);
        else sessions.empty();
      }
      sessions.end_row();
    }
    std::vector<std::string> session_ids(table.num_rows());
    for (std::size_t row = 0; row < table.num_rows(); ++row) session_ids[row] = cell_text(table.column("session_id"), row);
    summary.sessions += static_cast<std::int64_t>(table.num_rows());

    const auto group = corpus::events_group(s.id);
    const auto n = reader.exists(group) ? reader.num_rows(group) : 0;
    for (std::int64_t begin = 0; begin < n; begin += block_rows) {
      const auto rows = reader.read(group, Share{begin, std::min(n, begin + block_rows)});
      const auto session = rows.column("session").int64s();
      const auto &ts = rows.column("ts"), &event = rows.column("event"), &url = rows.column("url"),
                 &latency = rows.column("latency_ms"), &status = rows.column("status");
      for (std::size_t i = 0; i < rows.num_rows(); ++i) {
        if (session[i] < 0 || session[i] >= static_cast<std::int64_t>(session_ids.size()))
          throw CorpusError(cat("corpus '", corpus_path, "', ", group, "/session row ", begin + static_cast<std::int64_t>(i),
                                ": session ", session[i], " is not a row of the sessions table"));
        events.text(s.id).text(session_ids[static_cast<std::size_t>(session[i])]);
        write_cell(events, ts, i);
        write_cell(events, event, i);
        write_cell(events, url, i);
        write_cell(events, latency, i);
        write_cell(events, status, i);
        events.end_row();
      }
      summary.events += static_cast<std::int64_t>(rows.num_rows());
    }
    if (logs && reader.exists(corpus::logs_group(s.id))) {
      const auto rows = reader.read(corpus::logs_group(s.id));
      for (std::size_t i = 0; i < rows.num_rows(); ++i) {
        logs->text(s.id);
        write_cell(*logs, rows.column("ts"), i);
        write_cell(*logs, rows.column("level"), i);
        write_cell(*logs, rows.column("template"), i);
        logs->end_row();
      }
      summary.logs += static_cast<std::int64_t>(rows.num_rows());
    }
  }
  sessions.close();
  events.close();
  if (logs) logs->close();
  summary.incidents = static_cast<std::int64_t>(specs.size());
  for (auto& entry : fs::directory_iterator(temp)) summary.csv_bytes += static_cast<std::int64_t>(entry.file_size());

  if (fs::exists(out)) fs::remove(out);  // an empty directory
  fs::rename(temp, out, error);
  if (error) throw InputError(cat("cannot rename '", temp.string(), "' to '", out_dir, "' (", error.message(), ")"));
  guard.release();
  return summary;
}

}  // namespace moce
