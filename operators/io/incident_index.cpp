// Reading and writing the incident index, and canonical lead ids.
#include "operators/io/incident_index.hpp"

#include <cmath>

#include "runtime/error.hpp"

namespace moce {

const char* to_string(KpiKind kind) { return kind == KpiKind::kReal ? "real" : "binary"; }

KpiKind parse_kpi_kind(const std::string& text, const std::string& where) {
  if (text == "real") return KpiKind::kReal;
  if (text == "binary") return KpiKind::kBinary;
  throw InputError(cat(where, ": kpi_kind is '", text, "', expected 'real' or 'binary'"));
}

namespace {

// One element <name>:<value> of a cohort lead or a combination: a name and a value, no separators
// of the truth syntax in the name.
bool split_element(const std::string& part, std::string& name) {
  const auto c = part.find(':');
  if (c == std::string::npos || c == 0 || c + 1 >= part.size()) return false;
  name = part.substr(0, c);
  return name.find_first_of(";|&") == std::string::npos;
}

}  // namespace

bool is_canonical_lead_id(const std::string& id) {
  if (id.find_first_of(";|") != std::string::npos) return false;  // truth separators, never inside one id
  auto colon = id.find(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 >= id.size()) return false;
  const std::string kind = id.substr(0, colon), rest = id.substr(colon + 1);
  if (kind == "pattern") {
    // At least one event, none empty: "a", "a>b", ...
    std::size_t start = 0;
    while (true) {
      auto gt = rest.find('>', start);
      if ((gt == std::string::npos ? rest.size() : gt) == start) return false;
      if (gt == std::string::npos) return true;
      start = gt + 1;
    }
  }
  if (kind == "lifecycle") return rest == "first_session" || rest == "returning";
  // A URL or a log template is taken whole (it may contain '&').
  if (kind == "url" || kind == "log") return true;
  // A cohort element or a combination a:v&b:w&...; each element needs a name and a value, and the
  // names are strictly increasing, so one combination has one spelling.
  std::string previous;
  std::size_t start = 0;
  while (true) {
    const auto amp = id.find('&', start);
    std::string name;
    if (!split_element(id.substr(start, amp == std::string::npos ? std::string::npos : amp - start), name))
      return false;
    if (!previous.empty() && !(previous < name)) return false;
    previous = name;
    if (amp == std::string::npos) return true;
    start = amp + 1;
  }
}

std::vector<std::string> split_alternatives(const std::string& cause) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (true) {
    const auto bar = cause.find('|', start);
    out.push_back(cause.substr(start, bar == std::string::npos ? std::string::npos : bar - start));
    if (bar == std::string::npos) return out;
    start = bar + 1;
  }
}

std::vector<std::string> parse_truth(const std::string& text, const std::string& where) {
  std::vector<std::string> causes;
  if (text.empty()) return causes;
  std::size_t start = 0;
  while (true) {
    const auto semi = text.find(';', start);
    auto cause = text.substr(start, semi == std::string::npos ? std::string::npos : semi - start);
    for (auto& id : split_alternatives(cause))
      if (!is_canonical_lead_id(id))
        throw InputError(cat(where, ": truth id '", id,
                             "' is malformed; expected url:<url>, <attribute>:<value>, <a>:<v>&<b>:<w> (parts "
                             "sorted by name), pattern:<e1>><e2>, lifecycle:first_session|returning or "
                             "log:<template>; ';' separates causes, '|' equivalent ids of one cause"));
    causes.push_back(std::move(cause));
    if (semi == std::string::npos) break;
    start = semi + 1;
  }
  return causes;
}

std::string join_truth(const std::vector<std::string>& causes) {
  std::string out;
  for (std::size_t i = 0; i < causes.size(); ++i) out += (i ? ";" : "") + causes[i];
  return out;
}

void validate(const IncidentSpec& spec, const std::string& where) {
  auto check_window = [&](const TimeWindow& w, const char* name) {
    if (!(std::isfinite(w.start) && std::isfinite(w.end)) || !(w.start < w.end))
      throw InputError(cat(where, ": ", name, " window starts at ", w.start, " but ends at ", w.end,
                           "; expected start < end"));
  };
  check_window(spec.historical, "historical (hist_start, hist_end)");
  check_window(spec.anomaly, "anomaly (anomaly_start, anomaly_end)");
  if (spec.historical.end > spec.anomaly.start)
    throw InputError(cat(where, ": hist_end ", spec.historical.end, " is after anomaly_start ", spec.anomaly.start,
                         "; the historical window must end before the anomaly window starts"));
  for (auto& cause : spec.truth) {
    if (cause.find(';') != std::string::npos)
      throw InputError(cat(where, ": truth cause '", cause, "' holds ';'; give one cause per element"));
    parse_truth(cause, where);
  }
  if (spec.id.empty()) throw InputError(cat(where, ": empty incident id"));
  if (spec.kpi.empty()) throw InputError(cat(where, ": empty kpi"));
}

namespace {

// A column of strings dictionary-coded against a dictionary named `name`. Every rank builds the
// dictionary from all values (dictionaries must agree), but only rows where `keep` hold codes.
Column strings(const std::vector<std::string>& values, const std::string& name, bool keep) {
  auto dict = std::make_shared<Dictionary>(std::vector<std::string>{}, name);
  std::vector<std::int32_t> codes;
  for (auto& v : values) codes.push_back(dict->intern(v));
  if (!keep) codes.clear();
  return Column::categorical(std::move(codes), dict);
}

// The index column `name`, checked to exist with the type the layout gives it.
const Column& index_column(const CorpusReader& reader, const Relation& r, const std::string& name, ColumnType type) {
  const auto where = cat("corpus '", reader.path(), "', ", corpus::kIncidentIndex, "/", name);
  if (!r.has(name)) throw CorpusError(cat(where, ": column is missing"));
  const auto& c = r.column(name);
  if (c.type() != type)
    throw CorpusError(cat(where, ": expected ", type == ColumnType::kDouble ? "float64" : to_string(type),
                          " values, found ", c.type() == ColumnType::kDouble ? "float64" : to_string(c.type())));
  return c;
}

std::vector<std::string> decode(const Column& c) {
  std::vector<std::string> out;
  for (auto code : c.codes()) out.push_back(code == kMissingCode ? "" : c.dictionary()->value(code));
  return out;
}

}  // namespace

void write_incident_index(CorpusWriter& writer, const Context& context, const std::vector<IncidentSpec>& specs,
                          const std::shared_ptr<Dictionary>& events) {
  std::vector<std::string> id, category, kpi, kind, cohort, truth, params;
  std::vector<std::int64_t> better;
  std::vector<double> hs, he, as, ae;
  std::vector<std::int32_t> cs, ce;
  for (auto& s : specs) {
    id.push_back(s.id);
    category.push_back(s.category);
    kpi.push_back(s.kpi);
    kind.push_back(to_string(s.kpi_kind));
    cohort.push_back(s.cohort);
    truth.push_back(join_truth(s.truth));
    params.push_back(s.params);
    better.push_back(s.higher_is_better ? 1 : 0);
    hs.push_back(s.historical.start);
    he.push_back(s.historical.end);
    as.push_back(s.anomaly.start);
    ae.push_back(s.anomaly.end);
    cs.push_back(s.context_start.empty() ? kMissingCode : events->intern(s.context_start));
    ce.push_back(s.context_end.empty() ? kMissingCode : events->intern(s.context_end));
  }
  const bool root = context.rank() == 0;
  auto keep = [&](auto v) { return root ? v : decltype(v){}; };
  Relation index;
  index.add("incident_id", strings(id, "incident_id", root))
      .add("category", strings(category, "category", root))
      .add("kpi", strings(kpi, "kpi", root))
      .add("kpi_kind", strings(kind, "kpi_kind", root))
      .add("higher_is_better", Column::int64(keep(better)))
      .add("hist_start", Column::real(keep(hs)))
      .add("hist_end", Column::real(keep(he)))
      .add("anomaly_start", Column::real(keep(as)))
      .add("anomaly_end", Column::real(keep(ae)))
      .add("cohort", strings(cohort, "cohort", root))
      .add("truth", strings(truth, "truth", root))
      .add("context_start", Column::categorical(keep(cs), events))
      .add("context_end", Column::categorical(keep(ce), events))
      .add("params", strings(params, "params", root));
  writer.append(corpus::kIncidentIndex, index);
}

std::vector<IncidentSpec> read_incident_index(const CorpusReader& reader) {
  if (!reader.exists(corpus::kIncidentIndex))
    throw CorpusError(cat("corpus '", reader.path(), "', ", corpus::kIncidentIndex, ": incident index is missing"));
  auto r = reader.read(corpus::kIncidentIndex);
  auto text = [&](const char* name) { return decode(index_column(reader, r, name, ColumnType::kCategorical)); };
  auto reals = [&](const char* name) { return index_column(reader, r, name, ColumnType::kDouble).reals(); };
  auto id = text("incident_id"), category = text("category"), kpi = text("kpi"), kind = text("kpi_kind"),
       cohort = text("cohort"), truth = text("truth"), cs = text("context_start"), ce = text("context_end");
  std::vector<std::string> params(r.num_rows());
  if (r.has("params")) params = text("params");
  auto better = index_column(reader, r, "higher_is_better", ColumnType::kInt64).int64s();
  auto hs = reals("hist_start"), he = reals("hist_end"), as = reals("anomaly_start"), ae = reals("anomaly_end");
  std::vector<IncidentSpec> out(r.num_rows());
  for (std::size_t i = 0; i < out.size(); ++i) {
    const std::string where =
        cat("corpus '", reader.path(), "', ", corpus::kIncidentIndex, " row ", i, " (incident '", id[i], "')");
    auto& s = out[i];
    s.id = id[i];
    s.category = category[i];
    s.kpi = kpi[i];
    s.higher_is_better = better[i] != 0;
    s.historical = {hs[i], he[i]};
    s.anomaly = {as[i], ae[i]};
    s.cohort = cohort[i];
    s.context_start = cs[i];
    s.context_end = ce[i];
    s.params = params[i];
    try {
      s.kpi_kind = parse_kpi_kind(kind[i], where);
      s.truth = parse_truth(truth[i], where);
      validate(s, where);  // windows finite and ordered, as the writers check
    } catch (const InputError& e) {
      throw CorpusError(e.what());
    }
  }
  return out;
}

}  // namespace moce
