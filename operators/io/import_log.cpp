// Parsing the raw log, and copying a corpus with the log added to the aligned incidents.
#include "operators/io/import_log.hpp"

#include <cmath>
#include <ctime>
#include <fstream>
#include <map>

#include "operators/io/corpus_format.hpp"
#include "operators/io/corpus_reader.hpp"
#include "operators/io/incident_index.hpp"
#include "operators/io/telemetry_csv/csv_reader.hpp"
#include "runtime/comm/context.hpp"
#include "runtime/error.hpp"
#include "runtime/version.hpp"

namespace moce {

namespace {

// A template split at its wildcards: the message must hold the pieces in order, the first at
// its start and the last at its end.
struct Template {
  std::string text;
  std::vector<std::string> pieces;
  bool matches(const std::string& message) const {
    std::size_t at = 0;
    for (std::size_t i = 0; i < pieces.size(); ++i) {
      const auto& p = pieces[i];
      if (i == 0) {
        if (message.compare(0, p.size(), p) != 0) return false;
        at = p.size();
      } else if (i + 1 == pieces.size()) {
        return message.size() >= at + p.size() && message.compare(message.size() - p.size(), p.size(), p) == 0;
      } else {
        const auto found = message.find(p, at);
        if (found == std::string::npos) return false;
        at = found + p.size();
      }
    }
    return at == message.size();
  }
};

std::vector<Template> read_templates(const std::string& path) {
  CsvReader csv(path);
  const auto text_col = csv.require_column("EventTemplate");
  std::vector<Template> out;
  while (csv.next()) {
    Template t{std::string(csv.text(text_col)), {}};
    std::size_t start = 0;
    while (true) {
      const auto star = t.text.find("<*>", start);
      t.pieces.push_back(t.text.substr(start, star == std::string::npos ? std::string::npos : star - start));
      if (star == std::string::npos) break;
      start = star + 3;
    }
    out.push_back(std::move(t));
  }
  if (out.empty()) throw InputError(cat(path, ": no templates"));
  return out;
}

// "Sun Dec 04 04:47:44 2005" as Unix seconds, read as UTC.
bool parse_time(const std::string& text, double& seconds) {
  std::tm tm{};
  const char* end = strptime(text.c_str(), "%a %b %d %H:%M:%S %Y", &tm);
  if (!end || *end != '\0') return false;
  seconds = static_cast<double>(timegm(&tm));
  return true;
}

}  // namespace

std::vector<LogLine> read_log(const std::string& log_path, const std::string& templates_path) {
  const auto templates = read_templates(templates_path);
  std::ifstream in(log_path, std::ios::binary);
  if (!in) throw InputError(cat(log_path, ": cannot open (expected a server log)"));
  std::vector<LogLine> out;
  std::string raw;
  for (std::int64_t line = 1; std::getline(in, raw); ++line) {
    if (!raw.empty() && raw.back() == '\r') raw.pop_back();
    if (raw.empty()) continue;
    const std::string where = cat(log_path, ":", line);
    const auto close = raw.find("] [");
    const auto level_end = close == std::string::npos ? std::string::npos : raw.find("] ", close + 3);
    LogLine l;
    if (raw[0] != '[' || level_end == std::string::npos || !parse_time(raw.substr(1, close - 1), l.ts))
      throw InputError(cat(where, ": expected '[Www Mmm dd hh:mm:ss yyyy] [level] message'"));
    l.level = raw.substr(close + 3, level_end - close - 3);
    const std::string message = raw.substr(level_end + 2);
    for (const auto& t : templates)
      if (t.matches(message)) {
        l.log_template = t.text;
        break;
      }
    if (l.log_template.empty()) throw InputError(cat(where, ": no template of ", templates_path, " fits '", message, "'"));
    out.push_back(std::move(l));
  }
  return out;
}

LogImportSummary import_log(const std::string& log_path, const std::string& out, const LogImportOptions& options) {
  const auto lines = read_log(log_path, options.templates);
  const CorpusReader source(options.corpus);
  const auto specs = read_incident_index(source);
  std::map<std::string, double> align;  // incident -> log time put at its anomaly start
  {
    std::size_t start = 0;
    while (start < options.align.size()) {
      auto comma = options.align.find(',', start);
      if (comma == std::string::npos) comma = options.align.size();
      const auto item = options.align.substr(start, comma - start);
      const auto eq = item.rfind('=');
      const auto t = eq == std::string::npos ? std::nullopt : parse_real(item.substr(eq + 1));
      if (!t || !std::isfinite(*t))
        throw UsageError(cat("--align: '", item, "' is not INCIDENT=LOGTIME (finite Unix seconds)"));
      align[item.substr(0, eq)] = *t;
      start = comma + 1;
    }
  }
  for (const auto& [id, t] : align) {
    bool known = false;
    for (const auto& s : specs) known = known || s.id == id;
    if (!known) throw UsageError(cat("--align: corpus '", options.corpus, "' has no incident '", id, "'"));
  }
  corpus::Provenance provenance = source.provenance();
  provenance.config_text = options.config_text + "\n; source corpus config\n" + provenance.config_text;
  provenance.generator = cat("moce import log ", version());
  auto context = make_local_context();
  CorpusWriter writer(out, *context, provenance, options.write);
  // The layout's log dictionaries, extended from the source corpus' if it has them.
  auto seeded = [&](const char* name) {
    auto d = source.exists(std::string(corpus::kDictionaries) + "/" + name)
                 ? std::make_shared<Dictionary>(source.dictionary(name)->values(), name)
                 : std::make_shared<Dictionary>(std::vector<std::string>{}, name);
    return d;
  };
  auto levels = seeded("log_level"), templates = seeded("log_template");
  LogImportSummary summary;
  summary.lines = static_cast<std::int64_t>(lines.size());
  for (const auto& l : lines) templates->intern(l.log_template);
  summary.templates = templates->size();
  for (const auto& spec : specs) {
    const auto group = corpus::incident_group(spec.id);
    for (const auto& member : source.members(group)) {
      const auto path = group + "/" + member;
      if (member == "events_offsets" || (member == "logs" && align.count(spec.id))) continue;
      if (member == "events") {
        writer.append_sequence(path, corpus::events_offsets(spec.id), source.read_sequence(path, corpus::events_offsets(spec.id)));
      } else {
        writer.append(path, source.read(path));
      }
      for (const auto& [name, value] : source.attributes(path)) writer.set_attribute(path, name, value);
    }
    const auto it = align.find(spec.id);
    if (it == align.end()) continue;
    std::vector<double> ts;
    std::vector<std::int32_t> level, tmpl;
    for (const auto& l : lines) {
      ts.push_back(l.ts - it->second + spec.anomaly.start);
      level.push_back(levels->intern(l.level));
      tmpl.push_back(templates->intern(l.log_template));
    }
    Relation logs;
    logs.add("ts", Column::real(std::move(ts)))
        .add("level", Column::categorical(std::move(level), levels))
        .add("template", Column::categorical(std::move(tmpl), templates));
    writer.append(corpus::logs_group(spec.id), logs);
    ++summary.incidents;
  }
  auto events = source.exists(std::string(corpus::kDictionaries) + "/event")
                    ? std::make_shared<Dictionary>(source.dictionary("event")->values(), "event")
                    : std::make_shared<Dictionary>(std::vector<std::string>{}, "event");
  write_incident_index(writer, *context, specs, events);
  writer.commit();
  return summary;
}

}  // namespace moce
