// A hand parser for anomaly.yaml's three-key entries and its flow-style cause values.
#include "operators/io/rs_labels.hpp"

#include <fstream>
#include <set>

#include "operators/io/telemetry_csv/csv_reader.hpp"
#include "runtime/error.hpp"

namespace moce::rs {

namespace {

std::string trim(const std::string& s) {
  const auto b = s.find_first_not_of(" \t\r");
  if (b == std::string::npos) return "";
  return s.substr(b, s.find_last_not_of(" \t\r") - b + 1);
}

// A cursor over one cause value: `{...}` or `[{...}, ...]`.
class CauseParser {
 public:
  CauseParser(const std::string& text, std::string where) : s_(text), where_(std::move(where)) {}

  std::vector<CauseElement> parse() {
    std::vector<CauseElement> out;
    skip();
    if (peek() == '[') {
      ++i_;
      while (true) {
        skip();
        out.push_back(element());
        skip();
        if (peek() == ',') { ++i_; continue; }
        expect(']');
        break;
      }
    } else {
      out.push_back(element());
    }
    skip();
    if (i_ != s_.size()) fail("unexpected text after the cause");
    return out;
  }

 private:
  CauseElement element() {
    expect('{');
    CauseElement e;
    while (true) {
      skip();
      std::string key = scalar();
      skip();
      expect(':');
      skip();
      std::string value = scalar();
      if (key.empty() || value.empty()) fail("empty attribute or value");
      e.emplace_back(std::move(key), std::move(value));
      skip();
      if (peek() == ',') { ++i_; continue; }
      expect('}');
      return e;
    }
  }
  // 'text', "text", or a bare token up to , : } ]
  std::string scalar() {
    const char q = peek();
    if (q == '\'' || q == '"') {
      const auto end = s_.find(q, i_ + 1);
      if (end == std::string::npos) fail("unterminated quoted string");
      std::string out = s_.substr(i_ + 1, end - i_ - 1);
      i_ = end + 1;
      return out;
    }
    const auto start = i_;
    while (i_ < s_.size() && std::string_view(",:}] \t").find(s_[i_]) == std::string_view::npos) ++i_;
    return s_.substr(start, i_ - start);
  }
  char peek() const { return i_ < s_.size() ? s_[i_] : '\0'; }
  void skip() {
    while (i_ < s_.size() && (s_[i_] == ' ' || s_[i_] == '\t')) ++i_;
  }
  void expect(char c) {
    if (peek() != c) fail(cat("expected '", std::string(1, c), "'"));
    ++i_;
  }
  [[noreturn]] void fail(const std::string& what) const {
    throw InputError(cat(where_, ": cause: ", what, " at character ", i_ + 1,
                         "; expected {'attribute': value, ...} or a list [{...}, {...}]"));
  }

  const std::string& s_;
  std::string where_;
  std::size_t i_ = 0;
};

}  // namespace

std::vector<Label> read_labels(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(cat(path, ": cannot open (expected the RS labels, anomaly.yaml)"));
  std::vector<Label> labels;
  std::set<std::string> seen;
  bool has_timestamp = false, has_cause = false;
  auto finish = [&](std::int64_t line) {
    if (labels.empty()) return;
    const auto& l = labels.back();
    if (!has_timestamp || !has_cause)
      throw InputError(cat(path, ":", l.line, ": entry '", l.stem, "' has no ", !has_timestamp ? "timestamp" : "cause",
                           " (before line ", line, "); expected data, timestamp and cause"));
  };
  std::string raw;
  std::int64_t line = 0;
  while (std::getline(in, raw)) {
    ++line;
    const std::string text = trim(raw);
    if (text.empty() || text[0] == '#') continue;
    const std::string where = cat(path, ":", line);
    std::string entry = text;
    const bool starts_entry = entry.rfind("- ", 0) == 0;
    if (starts_entry) entry = trim(entry.substr(2));
    const auto colon = entry.find(':');
    if (colon == std::string::npos) throw InputError(cat(where, ": expected 'key: value', got '", text, "'"));
    const std::string key = trim(entry.substr(0, colon)), value = trim(entry.substr(colon + 1));
    if (starts_entry != (key == "data") || (labels.empty() && key != "data"))
      throw InputError(cat(where, ": each entry starts with '- data: <file stem>'; got '", text, "'"));
    if (key == "data") {
      finish(line);
      if (value.empty()) throw InputError(cat(where, ": empty file stem after 'data:'"));
      if (!seen.insert(value).second) throw InputError(cat(where, ": entry '", value, "' is given twice"));
      labels.push_back({value, 0, {}, line, 0});
      has_timestamp = has_cause = false;
    } else if (key == "timestamp") {
      const auto t = parse_int64(value);
      if (!t) throw InputError(cat(where, ": timestamp '", value, "' is not an integer (Unix seconds)"));
      labels.back().timestamp = *t;
      has_timestamp = true;
    } else if (key == "cause") {
      labels.back().cause = CauseParser(value, where).parse();
      labels.back().cause_line = line;
      has_cause = true;
    } else {
      throw InputError(cat(where, ": unknown key '", key, "'; expected data, timestamp or cause"));
    }
  }
  finish(line + 1);
  if (labels.empty()) throw InputError(cat(path, ": no entries; expected '- data: <file stem>' blocks"));
  return labels;
}

}  // namespace moce::rs
