// Config: the resolved settings of a run, read from INI files and overridden from the command
// line. Keys are "section.key" ("key" before any section). Typed getters check values and name
// the key, its source (file:line or command line) and the allowed range in any error.
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "runtime/error.hpp"

namespace moce {

// A required top-level setting (also a command-line option) given neither on the command line
// nor in the --config file: a usage error (exit 2).
class MissingSettingError : public UsageError {
 public:
  using UsageError::UsageError;
};

class Config {
 public:
  struct Entry {
    std::string value;
    std::string source;  // "file.ini:12" or "command line"
  };

  // Reads an INI file: [section] headers, key = value lines, # or ; comments. Later files and
  // set() calls override earlier values.
  void load_ini(const std::string& path);
  void parse_ini(const std::string& text, const std::string& source_name);
  void set(const std::string& key, const std::string& value, const std::string& source = "command line");

  bool has(const std::string& key) const { return entries_.count(key) > 0; }
  std::string get_string(const std::string& key, const std::string& fallback) const;
  std::string require_string(const std::string& key) const;
  std::int64_t get_int(const std::string& key, std::int64_t fallback, std::int64_t min, std::int64_t max) const;
  double get_double(const std::string& key, double fallback, double min, double max) const;
  bool get_bool(const std::string& key, bool fallback) const;
  // A comma-separated list; items trimmed, empty items dropped.
  std::vector<std::string> get_list(const std::string& key, const std::vector<std::string>& fallback) const;
  // Keys of a section ("world" -> "world.isps", ...), in key order.
  std::vector<std::string> keys_in(const std::string& section) const;
  const std::map<std::string, Entry>& entries() const { return entries_; }

  // Keys present but never read by a getter: a typo in a config should not pass silently.
  std::vector<std::string> unread_keys() const;
  // Throws ConfigError naming every key present but never read.
  void reject_unread(const std::string& what) const;
  // The resolved config as INI text (every key, grouped by section), recorded in outputs.
  std::string to_ini() const;

 private:
  const Entry* find(const std::string& key) const;
  std::map<std::string, Entry> entries_;
  mutable std::set<std::string> read_;
};

}  // namespace moce
