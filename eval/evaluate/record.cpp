// Records as JSON lines, with a small parser for exactly what to_json_line writes.
#include "eval/evaluate/record.hpp"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <memory>
#include <variant>

#include "runtime/dag/stats_json.hpp"

namespace moce::eval {

std::string exact(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "Infinity" : "-Infinity";
  char buffer[40];
  std::snprintf(buffer, sizeof buffer, "%.17g", value);
  return buffer;
}

namespace {

std::string json_number(double value) {
  // JSON has no NaN/Infinity: keep them as strings (the parser reads them back).
  if (!std::isfinite(value)) return json_string(exact(value));
  return exact(value);
}

// A minimal JSON value: null, number, string, array, object.
struct Json {
  enum class Kind { kNull, kNumber, kString, kArray, kObject, kBool } kind = Kind::kNull;
  double number = 0;
  std::string text;
  std::vector<Json> items;
  std::vector<std::pair<std::string, Json>> members;
  const Json* get(const std::string& key) const {
    for (const auto& [k, v] : members)
      if (k == key) return &v;
    return nullptr;
  }
};

class Parser {
 public:
  explicit Parser(const std::string& s) : s_(s) {}
  bool parse(Json& out) {
    if (!value(out)) return false;
    space();
    return i_ == s_.size();
  }

 private:
  void space() {
    while (i_ < s_.size() && (s_[i_] == ' ' || s_[i_] == '\t' || s_[i_] == '\r' || s_[i_] == '\n')) ++i_;
  }
  bool literal(const char* word) {
    std::size_t n = std::char_traits<char>::length(word);
    if (s_.compare(i_, n, word) != 0) return false;
    i_ += n;
    return true;
  }
  bool string(std::string& out) {
    if (i_ >= s_.size() || s_[i_] != '"') return false;
    ++i_;
    while (i_ < s_.size()) {
      char c = s_[i_++];
      if (c == '"') return true;
      if (c != '\\') {
        out.push_back(c);
        continue;
      }
      if (i_ >= s_.size()) return false;
      char e = s_[i_++];
      switch (e) {
        case '"': out.push_back('"'); break;
        case '\\': out.push_back('\\'); break;
        case '/': out.push_back('/'); break;
        case 'b': out.push_back('\b'); break;
        case 'f': out.push_back('\f'); break;
        case 'n': out.push_back('\n'); break;
        case 'r': out.push_back('\r'); break;
        case 't': out.push_back('\t'); break;
        case 'u': {
          if (i_ + 4 > s_.size()) return false;
          unsigned code = static_cast<unsigned>(std::strtoul(s_.substr(i_, 4).c_str(), nullptr, 16));
          i_ += 4;
          // json_string escapes only control characters this way.
          if (code < 0x80) out.push_back(static_cast<char>(code));
          else if (code < 0x800) {
            out.push_back(static_cast<char>(0xC0 | (code >> 6)));
            out.push_back(static_cast<char>(0x80 | (code & 0x3F)));
          } else {
            out.push_back(static_cast<char>(0xE0 | (code >> 12)));
            out.push_back(static_cast<char>(0x80 | ((code >> 6) & 0x3F)));
            out.push_back(static_cast<char>(0x80 | (code & 0x3F)));
          }
          break;
        }
        default: return false;
      }
    }
    return false;
  }
  bool value(Json& out) {
    space();
    if (i_ >= s_.size()) return false;
    char c = s_[i_];
    if (c == '"') {
      out.kind = Json::Kind::kString;
      return string(out.text);
    }
    if (c == '[') {
      ++i_;
      out.kind = Json::Kind::kArray;
      space();
      if (i_ < s_.size() && s_[i_] == ']') {
        ++i_;
        return true;
      }
      while (true) {
        Json item;
        if (!value(item)) return false;
        out.items.push_back(std::move(item));
        space();
        if (i_ >= s_.size()) return false;
        if (s_[i_] == ',') {
          ++i_;
          continue;
        }
        if (s_[i_] == ']') {
          ++i_;
          return true;
        }
        return false;
      }
    }
    if (c == '{') {
      ++i_;
      out.kind = Json::Kind::kObject;
      space();
      if (i_ < s_.size() && s_[i_] == '}') {
        ++i_;
        return true;
      }
      while (true) {
        space();
        std::string key;
        if (!string(key)) return false;
        space();
        if (i_ >= s_.size() || s_[i_] != ':') return false;
        ++i_;
        Json item;
        if (!value(item)) return false;
        out.members.emplace_back(std::move(key), std::move(item));
        space();
        if (i_ >= s_.size()) return false;
        if (s_[i_] == ',') {
          ++i_;
          continue;
        }
        if (s_[i_] == '}') {
          ++i_;
          return true;
        }
        return false;
      }
    }
    if (literal("null")) return true;
    if (literal("true")) {
      out.kind = Json::Kind::kBool;
      out.number = 1;
      return true;
    }
    if (literal("false")) {
      out.kind = Json::Kind::kBool;
      return true;
    }
    const char* begin = s_.c_str() + i_;
    char* end = nullptr;
    out.number = std::strtod(begin, &end);
    if (end == begin) return false;
    out.kind = Json::Kind::kNumber;
    i_ += static_cast<std::size_t>(end - begin);
    return true;
  }
  const std::string& s_;
  std::size_t i_ = 0;
};

double number_of(const Json* j) {
  if (!j) return 0;
  if (j->kind == Json::Kind::kString) return std::strtod(j->text.c_str(), nullptr);  // NaN, Infinity
  return j->number;
}
std::string text_of(const Json* j) { return j && j->kind == Json::Kind::kString ? j->text : std::string(); }

}  // namespace

std::string to_json_line(const IncidentRecord& r) {
  std::string out = "{\"id\":" + json_string(r.id) + ",\"category\":" + json_string(r.category) + ",\"truth\":[";
  for (std::size_t i = 0; i < r.truth.size(); ++i) out += (i ? "," : "") + json_string(r.truth[i]);
  out += "],\"events\":" + std::to_string(r.events) + ",\"sessions\":" + std::to_string(r.sessions) +
         ",\"seconds\":" + json_number(r.seconds) + ",\"experts\":[";
  for (std::size_t e = 0; e < r.experts.size(); ++e) {
    const auto& x = r.experts[e];
    out += (e ? "," : "");
    out += "{\"name\":" + json_string(x.name) + ",\"family\":" + json_string(x.family) +
           ",\"status\":" + json_string(x.status) + ",\"reason\":" + json_string(x.reason) +
           ",\"seconds\":" + json_number(x.seconds) + ",\"leads\":[";
    for (std::size_t l = 0; l < x.leads.leads.size(); ++l)
      out += (l ? "," : "") + std::string("[") + json_string(x.leads.leads[l].id) + "," +
             json_number(x.leads.leads[l].confidence) + "]";
    out += "]}";
  }
  out += "],\"end\":true}";
  return out;
}

std::optional<IncidentRecord> parse_json_line(const std::string& line) {
  Json doc;
  Parser parser(line);
  if (!parser.parse(doc) || doc.kind != Json::Kind::kObject) return std::nullopt;
  const Json* end = doc.get("end");
  if (!end || end->kind != Json::Kind::kBool || end->number != 1) return std::nullopt;
  IncidentRecord r;
  r.id = text_of(doc.get("id"));
  r.category = text_of(doc.get("category"));
  if (r.id.empty()) return std::nullopt;
  if (const Json* t = doc.get("truth"))
    for (const auto& item : t->items) r.truth.push_back(item.text);
  r.events = static_cast<std::int64_t>(number_of(doc.get("events")));
  r.sessions = static_cast<std::int64_t>(number_of(doc.get("sessions")));
  r.seconds = number_of(doc.get("seconds"));
  const Json* experts = doc.get("experts");
  if (!experts || experts->kind != Json::Kind::kArray) return std::nullopt;
  for (const auto& item : experts->items) {
    ExpertRecord x;
    x.name = text_of(item.get("name"));
    x.family = text_of(item.get("family"));
    x.status = text_of(item.get("status"));
    x.reason = text_of(item.get("reason"));
    x.seconds = number_of(item.get("seconds"));
    if (const Json* leads = item.get("leads"))
      for (const auto& pair : leads->items) {
        if (pair.items.size() != 2) return std::nullopt;
        experts::Lead lead;
        lead.id = pair.items[0].text;
        lead.confidence = number_of(&pair.items[1]);
        x.leads.leads.push_back(std::move(lead));
      }
    r.experts.push_back(std::move(x));
  }
  return r;
}

}  // namespace moce::eval
