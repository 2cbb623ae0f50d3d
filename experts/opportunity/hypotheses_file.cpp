// The hypotheses file's schema check; see hypotheses_file.hpp.
#include "experts/opportunity/hypotheses_file.hpp"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <sstream>

#include "experts/opportunity/json.hpp"
#include "runtime/error.hpp"

namespace moce::experts::opportunity {

namespace {

const std::map<std::string, Template>& templates() {
  static const std::map<std::string, Template> t = {
      {"static", Template::kStatic},       {"event_pattern", Template::kEventPattern},
      {"lifecycle", Template::kLifecycle}, {"indirect", Template::kIndirect},
      {"stateful", Template::kStateful},   {"nonlocal", Template::kNonLocal}};
  return t;
}

const std::map<Template, std::vector<std::string>>& columns() {
  static const std::map<Template, std::vector<std::string>> c = {
      {Template::kStatic, {"all"}},
      {Template::kLifecycle, {"session_index", "inactive_hours"}},
      {Template::kIndirect, {"night", "weekend", "hour"}},
      {Template::kStateful, {"duration_sec", "retries", "waiting_sec"}},
      {Template::kNonLocal, {"log_errors", "load_quantile"}}};
  return c;
}

std::string join(const std::vector<std::string>& v) {
  std::string out;
  for (auto& s : v) out += (out.empty() ? "" : ", ") + s;
  return out;
}

class Entry {
 public:
  Entry(const Json& json, std::string where) : json_(json), where_(std::move(where)) {}
  [[noreturn]] void fail(const std::string& field, const std::string& what) const {
    throw InputError(cat(where_, field.empty() ? "" : "." + field, ": ", what));
  }
  const Json* get(const std::string& field, Json::Type type, bool required) const {
    const Json* v = json_.find(field);
    if (!v) {
      if (required) fail(field, "missing (required)");
      return nullptr;
    }
    if (v->type != type) fail(field, cat("expected ", Json::type_name(type), ", got ", Json::type_name(v->type)));
    return v;
  }
  std::string name(const std::string& field, const std::vector<std::string>& allowed, bool required) const {
    const Json* v = get(field, Json::Type::kString, required);
    if (!v) return "";
    if (std::find(allowed.begin(), allowed.end(), v->string) == allowed.end())
      fail(field, cat("unknown value \"", v->string, "\" (expected one of: ", join(allowed), ")"));
    return v->string;
  }
  void only(const std::vector<std::string>& fields) const {
    for (auto& k : json_.keys)
      if (std::find(fields.begin(), fields.end(), k) == fields.end())
        fail(k, cat("unknown field (allowed here: ", join(fields), ")"));
  }

 private:
  const Json& json_;
  std::string where_;
};

}  // namespace

std::vector<Hypothesis> parse_hypotheses(const std::string& text, const std::string& path,
                                         const std::vector<std::string>& kpis,
                                         const std::vector<std::string>& attributes) {
  const Json doc = parse_json(text, path);
  if (doc.type != Json::Type::kObject) throw InputError(cat(path, ": expected a JSON object {\"hypotheses\": [...]}"));
  Entry top(doc, path);
  top.only({"hypotheses", "comment"});
  const Json* list = top.get("hypotheses", Json::Type::kArray, true);
  std::vector<std::string> template_names;
  for (auto& [n, _] : templates()) template_names.push_back(n);
  std::vector<Hypothesis> out;
  for (std::size_t i = 0; i < list->array.size(); ++i) {
    const auto& item = list->array[i];
    const auto where = cat(path, ": hypotheses[", i, "]");
    if (item.type != Json::Type::kObject)
      throw InputError(cat(where, ": expected an object, got ", Json::type_name(item.type)));
    Entry e(item, where);
    Hypothesis h;
    h.source = "file";
    h.family = templates().at(e.name("template", template_names, true));
    h.kpi = e.name("kpi", kpis, true);
    if (h.family == Template::kEventPattern) {
      e.only({"template", "kpi", "k", "map", "ignore", "pattern", "comment"});
      const Json* k = e.get("k", Json::Type::kNumber, true);
      if (k->number != std::floor(k->number) || k->number < 1 || k->number > 4)
        e.fail("k", cat("expected an integer in 1..4, got ", k->number));
      h.pattern.k = static_cast<int>(k->number);
      const auto map = e.name("map", {"event", "event_url"}, false);
      if (!map.empty()) h.pattern.map = map;
      auto strings = [&](const std::string& field, std::vector<std::string>& to) {
        const Json* v = e.get(field, Json::Type::kArray, false);
        if (!v) return false;
        to.clear();
        for (std::size_t j = 0; j < v->array.size(); ++j) {
          if (v->array[j].type != Json::Type::kString)
            e.fail(cat(field, "[", j, "]"), cat("expected a string, got ", Json::type_name(v->array[j].type)));
          to.push_back(v->array[j].string);
        }
        return true;
      };
      strings("ignore", h.pattern.ignore);
      if (strings("pattern", h.pattern.only) && static_cast<int>(h.pattern.only.size()) != h.pattern.k)
        e.fail("pattern", cat("expected k = ", h.pattern.k, " tokens, got ", h.pattern.only.size()));
    } else {
      e.only({"template", "kpi", "cross", "derived", "op", "value", "value2", "comment"});
      h.cross = e.name("cross", attributes, false);
      h.atom.family = h.family;
      h.atom.column = e.name("derived", columns().at(h.family), h.family != Template::kStatic);
      if (h.atom.column.empty()) h.atom.column = "all";
      const auto op = e.name("op", {"<=", ">", ">=", "in"}, false);
      h.atom.op = op == "<=" ? Atom::Op::kAtMost : op == ">" ? Atom::Op::kAbove : op == "in" ? Atom::Op::kRange
                                                                                           : Atom::Op::kAtLeast;
      if (op.empty() && h.atom.column == "all") h.atom.a = 1;
      const Json* value = e.get("value", Json::Type::kNumber, h.atom.column != "all");
      if (value) h.atom.a = value->number;
      if (h.atom.op == Atom::Op::kRange) {
        const Json* hi = e.get("value2", Json::Type::kNumber, true);
        if (!(hi->number > h.atom.a)) e.fail("value2", cat("must exceed value (", h.atom.a, ")"));
        h.atom.b = hi->number;
      } else if (e.get("value2", Json::Type::kNumber, false)) {
        e.fail("value2", "only allowed with \"op\": \"in\"");
      }
      if (h.atom.column == "all" && h.cross.empty())
        e.fail("cross", "a static hypothesis needs an attribute to cross with");
    }
    out.push_back(std::move(h));
  }
  return out;
}

std::vector<Hypothesis> load_hypotheses(const std::string& path, const std::vector<std::string>& kpis,
                                        const std::vector<std::string>& attributes) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(cat("hypotheses file '", path, "': cannot open it"));
  std::ostringstream text;
  text << in.rdbuf();
  return parse_hypotheses(text.str(), path, kpis, attributes);
}

}  // namespace moce::experts::opportunity
