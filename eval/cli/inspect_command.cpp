// `moce inspect FILE`: validates a corpus (format, every column readable, equal lengths, codes
// inside their dictionaries, CSR offsets consistent) and prints its groups, rows and attributes.
#include <sstream>

#include "eval/cli/command.hpp"
#include "eval/cli/options.hpp"
#include "operators/io/aggregate_table.hpp"
#include "operators/io/corpus_reader.hpp"
#include "operators/io/incident_index.hpp"
#include "runtime/error.hpp"

namespace moce::cli {

namespace {

std::string type_name(const Column& c) {
  if (c.type() != ColumnType::kCategorical) return to_string(c.type());
  return "categorical:" + c.dictionary()->name();
}

// Walks `group`: a group holding only datasets is a relation; other groups are descended into.
void walk(const CorpusReader& corpus, const std::string& group, bool show_attributes, std::ostream& out) {
  auto names = corpus.members(group);
  bool relation = !names.empty();
  for (auto& n : names) relation = relation && !corpus.is_group(group + "/" + n);
  if (relation && group != corpus::kDictionaries) {
    auto rows = corpus.read(group);  // reads every value: a truncated chunk or bad code fails here
    out << group << ": " << rows.num_rows() << " rows x " << rows.num_columns() << " columns (";
    for (std::size_t i = 0; i < rows.num_columns(); ++i)
      out << (i ? ", " : "") << rows.name(i) << " " << type_name(rows.column(i));
    out << ")\n";
  } else if (group == corpus::kDictionaries) {
    out << group << ":";
    for (auto& n : names) out << " " << n << "(" << corpus.dictionary(n)->size() << ")";
    out << "\n";
    return;
  }
  if (show_attributes && group != "/")
    for (auto& [k, v] : corpus.attributes(group)) out << "  @" << k << " = " << v << "\n";
  if (relation) return;
  for (auto& n : names) {
    const std::string child = (group == "/" ? "" : group) + "/" + n;
    if (corpus.is_group(child)) walk(corpus, child, show_attributes, out);
  }
}

// Each incident has sessions, events and events_offsets; the offsets frame the events: one per
// session plus one, never decreasing, the last equal to the event rows.
void check_incidents(const CorpusReader& corpus, std::ostream& out) {
  if (!corpus.exists("/incidents")) return;
  auto index = read_incident_index(corpus);
  for (auto& spec : index) {
    const auto where = cat("corpus '", corpus.path(), "', ");
    if (!corpus.is_group(corpus::incident_group(spec.id)))
      throw CorpusError(cat(where, corpus::incident_group(spec.id), ": group of indexed incident '", spec.id,
                            "' is missing"));
    // Cohort-aggregate telemetry alone (moce import rs|cube): columns of equal length, no events.
    if (!corpus.is_group(corpus::sessions_group(spec.id)) && corpus.is_group(corpus::aggregates_group(spec.id))) {
      corpus.num_rows(corpus::aggregates_group(spec.id));
      continue;
    }
    const auto sessions = corpus.num_rows(corpus::sessions_group(spec.id));
    const auto offsets = corpus.dataset_length(corpus::events_offsets(spec.id));
    if (offsets != sessions + 1)
      throw CorpusError(cat(where, corpus::events_offsets(spec.id), ": ", offsets,
                            " offsets, expected one per session plus one (", sessions + 1, ")"));
    corpus.read_sequence(corpus::events_group(spec.id), corpus::events_offsets(spec.id));
  }
  out << "incidents: " << index.size() << " (sessions, events and offsets, or aggregates, consistent)\n";
}

}  // namespace

int inspect_main(const Context& world, const std::vector<std::string>& args) {
  CommandSpec spec{"inspect", "moce inspect FILE [--attributes]",
                   "Validates a corpus and prints its provenance, its groups with row and column counts, and "
                   "(with --attributes) every group's attributes. Exits 1 with one line naming the problem "
                   "if the file is missing, not HDF5, truncated, of another format or version, or inconsistent.",
                   {"file"}};
  po::options_description options("options");
  options.add_options()("attributes", po::value<std::string>()->implicit_value("true"),
                        "also print each group's attributes");
  auto config = parse_command_line(spec, options, args, world);
  if (!config) return 0;
  if (!config->has("file")) throw UsageError("moce inspect: no corpus file given (usage: moce inspect FILE)");
  const auto path = config->get_string("file", "");
  const bool show_attributes = config->get_bool("attributes", false);
  config->reject_unread("moce inspect");
  CorpusReader corpus(path);
  std::ostringstream out;
  const auto& p = corpus.provenance();
  out << "corpus: " << path << "\n"
      << "format: " << corpus::kFormat << " v" << p.format_version << "\n"
      << "generator: " << p.generator << "\nseed: " << p.seed << "\nranks: " << p.ranks << "\ngit_sha: " << p.git_sha
      << "\ncreated: " << p.created << "\n";
  check_incidents(corpus, out);
  walk(corpus, "/", show_attributes, out);
  print(world, out.str());
  return 0;
}

}  // namespace moce::cli
