// `moce import KIND --in ... --out FILE`: data from outside into a corpus. KIND is
//   events  telemetry CSV (operators/io/telemetry_csv/README.md): sessions, events, logs
//   rs      the RS incidents (operators/io/import_rs.hpp): cohort-aggregate telemetry
//   cube    the multi-dimensional RCA layout (operators/io/import_cube.hpp): cohort aggregates
//   log     a raw server log with its templates (operators/io/import_log.hpp) added to incidents
// Rank 0 converts; under mpirun the other ranks wait and share its outcome.
#include <chrono>
#include <functional>

#include "eval/cli/command.hpp"
#include "eval/cli/options.hpp"
#include "operators/io/import_cube.hpp"
#include "operators/io/import_log.hpp"
#include "operators/io/import_rs.hpp"
#include "operators/io/telemetry_csv/telemetry_import.hpp"
#include "runtime/error.hpp"

namespace moce::cli {

namespace {

const char* kUsage = "moce import events|rs|cube|log --in PATH --out FILE [options]";

// Runs `convert` on rank 0 and returns its one-line summary on every rank, or throws rank 0's
// error on every rank (a usage error stays one: exit 2; anything else is bad input: exit 1).
std::string on_rank0(const Context& world, const std::function<std::string()>& convert) {
  std::string failure, text, usage = "0";
  if (world.rank() == 0) {
    try {
      text = convert();
    } catch (const UsageError& e) {
      failure = e.what();
      usage = "1";
    } catch (const std::exception& e) {
      failure = e.what();
    }
  }
  world.broadcast(failure, 0);
  world.broadcast(usage, 0);
  if (!failure.empty()) {
    if (usage == "1") throw UsageError(failure);
    throw InputError(failure);
  }
  world.broadcast(text, 0);
  return text;
}

// An option of another kind (`import rs --templates`) contradicts the command: a usage error
// naming the kind it belongs to, rather than "unknown config key" (which it is not).
void reject_other_kinds(const Config& config, const std::string& kind) {
  static const std::pair<const char*, const char*> kOwners[] = {
      {"history-minutes", "rs"}, {"templates", "log"}, {"corpus", "log"}, {"align", "log"}};
  for (const auto& [option, owner] : kOwners)
    if (kind != owner && config.has(option))
      throw UsageError(cat("moce import ", kind, ": --", option, " is an option of 'moce import ", owner,
                           "' only (see 'moce import --help')"));
  if (kind == "log" && config.has("block-mib"))
    throw UsageError("moce import log: --block-mib is an option of 'moce import events|rs|cube' only");
}

}  // namespace

int import_main(const Context& world, const std::vector<std::string>& args) {
  CommandSpec spec{"import", kUsage,
                   "Converts outside data into a corpus in the layout 'moce simulate' writes. KIND 'events': a "
                   "directory of telemetry CSV files (incidents.csv, sessions.csv, events.csv, optional logs.csv and "
                   "dictionaries.csv; operators/io/telemetry_csv/README.md); events are sorted through temporary files "
                   "beside FILE. KIND 'rs': the RS incidents (one CSV per incident plus anomaly.yaml) as cohort-"
                   "aggregate telemetry. KIND 'cube': one CSV per incident (real, predict, attribute columns) plus "
                   "injection_info.csv. KIND 'log': a raw server log (--in) with its templates (--templates) added to "
                   "the incidents of --corpus, aligned by --align. Formats in operators/io/README.md. Bad input stops "
                   "the import with the file and line at fault, and leaves no output file. Under mpirun rank 0 works.",
                   {"kind"}};
  po::options_description options("options");
  add_option(options, "in", "input directory (events, rs, cube) or log file (log) (required)");
  add_option(options, "out", "output corpus file (required)");
  add_option(options, "compression", "deflate level 0..9, 0 = uncompressed (default 1)");
  add_option(options, "block-mib", "CSV read block in MiB (default 8)");
  add_option(options, "history-minutes", "rs: minutes of history before the anomaly minute (default 4, RiskLoc's "
                                         "forecast window)");
  add_option(options, "templates", "log: the templates CSV (EventId, EventTemplate)");
  add_option(options, "corpus", "log: the corpus whose incidents get the log");
  add_option(options, "align", "log: INCIDENT=LOGTIME pairs, comma-separated: the log's Unix time LOGTIME (an error "
                               "burst) is moved to the incident's anomaly start");
  auto config = parse_command_line(spec, options, args, world);
  if (!config) return 0;
  const auto kind = config->get_string("kind", "");
  if (kind.empty()) throw UsageError(cat("moce import: say what to import: '", kUsage, "'"));
  if (kind != "events" && kind != "rs" && kind != "cube" && kind != "log")
    throw UsageError(cat("moce import: unknown kind '", kind, "'; expected events, rs, cube or log"));
  reject_other_kinds(*config, kind);
  const auto in = config->require_string("in");
  const auto out = config->require_string("out");
  WriteOptions write;
  write.compression = static_cast<int>(config->get_int("compression", 1, 0, 9));
  const std::size_t block_bytes = static_cast<std::size_t>(config->get_int("block-mib", 8, 1, 1024)) << 20;
  const auto t0 = std::chrono::steady_clock::now();
  std::string text;
  if (kind == "events") {
    ImportOptions import;
    import.write = write;
    import.block_bytes = block_bytes;
    config->reject_unread("moce import events");
    import.config_text = config->to_ini();
    text = on_rank0(world, [&] {
      const auto s = import_telemetry(in, out, import);
      return cat(s.incidents, " incidents, ", s.sessions, " sessions, ", s.events, " events, ", s.logs, " log rows; ",
                 static_cast<double>(s.csv_bytes) / 1e6, " MB of CSV");
    });
  } else if (kind == "rs" || kind == "cube") {
    RsImportOptions import;
    import.write = write;
    import.block_bytes = block_bytes;
    if (kind == "rs") import.history_minutes = config->get_int("history-minutes", 4, 1, 1'000'000);
    config->reject_unread(cat("moce import ", kind));
    import.config_text = config->to_ini();
    text = on_rank0(world, [&] {
      const auto s = kind == "rs" ? import_rs(in, out, import) : import_cube(in, out, import);
      return cat(s.incidents, " incidents, ", s.rows, " aggregate rows; ", static_cast<double>(s.csv_bytes) / 1e6,
                 " MB of input");
    });
  } else {
    LogImportOptions import;
    import.write = write;
    import.templates = config->require_string("templates");
    import.corpus = config->require_string("corpus");
    import.align = config->get_string("align", "");
    config->reject_unread("moce import log");
    import.config_text = config->to_ini();
    text = on_rank0(world, [&] {
      const auto s = import_log(in, out, import);
      return cat(s.lines, " log lines (", s.templates, " templates) into ", s.incidents, " incidents");
    });
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  print(world, cat("imported ", kind, " ", in, " -> ", out, ": ", text, " in ", seconds, " s\n"));
  return 0;
}

}  // namespace moce::cli
