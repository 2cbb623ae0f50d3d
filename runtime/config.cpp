// INI parsing and checked, typed access to settings.
#include "runtime/config.hpp"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "runtime/error.hpp"

namespace moce {

namespace {

std::string trim(const std::string& s) {
  auto b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return "";
  auto e = s.find_last_not_of(" \t\r\n");
  return s.substr(b, e - b + 1);
}

// Section and key names: printable ASCII without spaces, '=', '[', ']', '#' or ';', and no empty
// part between dots, so that every config written by to_ini() reads back the same (the fuzzer
// found names with spaces, '=' or a byte order mark that did not).
void check_name(const std::string& name, const std::string& where, const char* what) {
  bool ok = !name.empty() && name.front() != '.' && name.back() != '.' && name.find("..") == std::string::npos;
  for (unsigned char c : name) ok = ok && c > 0x20 && c < 0x7f && c != '=' && c != '[' && c != ']' && c != '#' && c != ';';
  if (!ok)
    throw ConfigError(cat(where, ": ", what, " '", name, "' is not a valid name; expected letters, digits and "
                          "punctuation such as _ - . (no spaces, '=', brackets, '#' or ';', no empty part between dots)"));
}

std::string describe(const std::string& key, const Config::Entry& e) {
  return cat("config key '", key, "' (", e.source, ")");
}

}  // namespace

void Config::load_ini(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ConfigError(cat("config file '", path, "': cannot be read"));
  std::ostringstream text;
  text << in.rdbuf();
  parse_ini(text.str(), path);
}

void Config::parse_ini(const std::string& text, const std::string& source_name) {
  std::istringstream in(text);
  std::string line, section;
  int number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (number == 1 && line.rfind("\xEF\xBB\xBF", 0) == 0) line.erase(0, 3);  // UTF-8 BOM
    auto stripped = trim(line);
    if (stripped.empty() || stripped[0] == '#' || stripped[0] == ';') continue;
    const std::string where = cat(source_name, ":", number);
    if (stripped.front() == '[') {
      if (stripped.back() != ']' || stripped.size() < 3)
        throw ConfigError(cat(where, ": malformed section header '", stripped, "', expected [name]"));
      section = trim(stripped.substr(1, stripped.size() - 2));
      check_name(section, where, "section");
      continue;
    }
    auto eq = stripped.find('=');
    if (eq == std::string::npos) throw ConfigError(cat(where, ": expected 'key = value', got '", stripped, "'"));
    auto key = trim(stripped.substr(0, eq));
    auto value = trim(stripped.substr(eq + 1));
    if (key.empty()) throw ConfigError(cat(where, ": empty key"));
    check_name(key, where, "key");
    set(section.empty() ? key : section + "." + key, value, where);
  }
}

void Config::set(const std::string& key, const std::string& value, const std::string& source) {
  entries_[key] = Entry{value, source};
}

const Config::Entry* Config::find(const std::string& key) const {
  read_.insert(key);
  auto it = entries_.find(key);
  return it == entries_.end() ? nullptr : &it->second;
}

std::string Config::get_string(const std::string& key, const std::string& fallback) const {
  auto* e = find(key);
  return e ? e->value : fallback;
}

std::string Config::require_string(const std::string& key) const {
  auto* e = find(key);
  if (!e || e->value.empty()) {
    // A key without a section is also a command-line option: name both ways of giving it.
    if (key.find('.') == std::string::npos)
      throw MissingSettingError(cat("--", key, " is required (or '", key, " = ...' in the --config file)",
                                    e ? ", but it is empty" : ""));
    throw ConfigError(cat("config key '", key, "' is required but not set"));
  }
  return e->value;
}

std::int64_t Config::get_int(const std::string& key, std::int64_t fallback, std::int64_t min, std::int64_t max) const {
  auto* e = find(key);
  if (!e) return fallback;
  errno = 0;
  char* end = nullptr;
  long long v = std::strtoll(e->value.c_str(), &end, 10);
  if (e->value.empty() || *end != '\0' || errno == ERANGE)
    throw ConfigError(cat(describe(key, *e), ": expected an integer in [", min, ", ", max, "], got '", e->value, "'"));
  if (v < min || v > max)
    throw ConfigError(cat(describe(key, *e), ": ", v, " is outside the allowed range [", min, ", ", max, "]"));
  return v;
}

double Config::get_double(const std::string& key, double fallback, double min, double max) const {
  auto* e = find(key);
  if (!e) return fallback;
  errno = 0;
  char* end = nullptr;
  double v = std::strtod(e->value.c_str(), &end);
  if (e->value.empty() || *end != '\0' || errno == ERANGE || !std::isfinite(v))
    throw ConfigError(cat(describe(key, *e), ": expected a number in [", min, ", ", max, "], got '", e->value, "'"));
  if (v < min || v > max)
    throw ConfigError(cat(describe(key, *e), ": ", v, " is outside the allowed range [", min, ", ", max, "]"));
  return v;
}

bool Config::get_bool(const std::string& key, bool fallback) const {
  auto* e = find(key);
  if (!e) return fallback;
  const auto& v = e->value;
  if (v == "1" || v == "true" || v == "yes" || v == "on") return true;
  if (v == "0" || v == "false" || v == "no" || v == "off") return false;
  throw ConfigError(cat(describe(key, *e), ": expected true or false, got '", v, "'"));
}

std::vector<std::string> Config::get_list(const std::string& key, const std::vector<std::string>& fallback) const {
  auto* e = find(key);
  if (!e) return fallback;
  std::vector<std::string> out;
  std::stringstream in(e->value);
  std::string item;
  while (std::getline(in, item, ',')) {
    item = trim(item);
    if (!item.empty()) out.push_back(item);
  }
  return out;
}

std::vector<std::string> Config::keys_in(const std::string& section) const {
  std::vector<std::string> out;
  const std::string prefix = section + ".";
  for (auto& [k, e] : entries_)
    if (k.rfind(prefix, 0) == 0) out.push_back(k);
  return out;
}

std::vector<std::string> Config::unread_keys() const {
  std::vector<std::string> out;
  for (auto& [k, e] : entries_)
    if (!read_.count(k)) out.push_back(k);
  return out;
}

void Config::reject_unread(const std::string& what) const {
  auto unread = unread_keys();
  if (unread.empty()) return;
  std::string list;
  for (auto& k : unread) list += cat(list.empty() ? "" : ", ", "'", k, "' (", entries_.at(k).source, ")");
  throw ConfigError(cat(what, ": unknown config key", unread.size() > 1 ? "s " : " ", list));
}

std::string Config::to_ini() const {
  // Keys before any section first: an INI reader would put them in the last section otherwise.
  std::ostringstream out;
  for (auto& [k, e] : entries_)
    if (k.find('.') == std::string::npos) out << k << " = " << e.value << "\n";
  std::string current;
  for (auto& [k, e] : entries_) {
    auto dot = k.find('.');
    if (dot == std::string::npos) continue;
    std::string section = k.substr(0, dot);
    if (section != current) {
      out << (out.tellp() > 0 ? "\n" : "") << "[" << section << "]\n";
      current = section;
    }
    out << k.substr(dot + 1) << " = " << e.value << "\n";
  }
  return out.str();
}

}  // namespace moce
