// A per-corpus dictionary of a categorical attribute: strings <-> dense int32 codes.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace moce {

// Code of a missing categorical value (an empty CSV cell, an attribute a session lacks).
inline constexpr std::int32_t kMissingCode = -1;

class Dictionary {
 public:
  Dictionary() = default;
  explicit Dictionary(std::vector<std::string> values, std::string name = "");

  // The corpus-wide name it is stored under (/dictionaries/<name>); several columns may share
  // one dictionary (e.g. events.event and the incident index's context_start). Empty: the
  // writer uses the column's name.
  const std::string& name() const { return name_; }
  void set_name(std::string name) { name_ = std::move(name); }

  // The code of `value`, adding it if new.
  std::int32_t intern(std::string_view value);
  // The code of `value`, or kMissingCode if absent.
  std::int32_t find(std::string_view value) const;
  const std::string& value(std::int32_t code) const;
  std::int32_t size() const { return static_cast<std::int32_t>(values_.size()); }
  const std::vector<std::string>& values() const { return values_; }
  bool operator==(const Dictionary& other) const { return values_ == other.values_; }

 private:
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  std::string name_;
  std::vector<std::string> values_;
  std::unordered_map<std::string, std::int32_t, Hash, std::equal_to<>> codes_;
};

using DictionaryPtr = std::shared_ptr<const Dictionary>;

}  // namespace moce
