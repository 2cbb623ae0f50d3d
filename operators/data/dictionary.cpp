// Dictionary coding of categorical attributes.
#include "operators/data/dictionary.hpp"

#include "runtime/error.hpp"

namespace moce {

Dictionary::Dictionary(std::vector<std::string> values, std::string name) : name_(std::move(name)) {
  for (auto& v : values) {
    if (find(v) != kMissingCode) throw Error(cat("dictionary has the value '", v, "' twice"));
    intern(v);
  }
}

std::int32_t Dictionary::intern(std::string_view value) {
  if (auto it = codes_.find(value); it != codes_.end()) return it->second;
  auto code = static_cast<std::int32_t>(values_.size());
  values_.emplace_back(value);
  codes_.emplace(values_.back(), code);
  return code;
}

std::int32_t Dictionary::find(std::string_view value) const {
  auto it = codes_.find(value);
  return it == codes_.end() ? kMissingCode : it->second;
}

const std::string& Dictionary::value(std::int32_t code) const {
  MOCE_ASSERT(code >= 0 && code < size(), "code ", code, " outside a dictionary of ", size());
  return values_[static_cast<std::size_t>(code)];
}

}  // namespace moce
