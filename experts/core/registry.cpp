// The expert registry.
#include "experts/core/registry.hpp"

#include <set>

#include "runtime/error.hpp"

namespace moce::experts {

void Registry::add(const std::string& name, Factory factory) {
  MOCE_ASSERT(!has(name), "expert '", name, "' registered twice");
  entries_.emplace_back(name, std::move(factory));
}

void Registry::merge(const Registry& other, const std::string& origin) {
  for (const auto& [name, factory] : other.entries_) {
    if (has(name)) throw ConfigError(cat(origin, ": registers expert '", name, "', a name already taken"));
    entries_.emplace_back(name, factory);
  }
}

std::vector<std::string> Registry::names() const {
  std::vector<std::string> out;
  for (const auto& entry : entries_) out.push_back(entry.first);
  return out;
}

bool Registry::has(const std::string& name) const {
  for (const auto& entry : entries_)
    if (entry.first == name) return true;
  return false;
}

std::unique_ptr<Expert> Registry::make(const std::string& name, const Config* config) const {
  for (const auto& entry : entries_)
    if (entry.first == name) {
      auto expert = entry.second(config);
      MOCE_ASSERT(expert && expert->name() == name, "expert factory '", name, "' made '",
                  expert ? expert->name() : "nothing", "'");
      return expert;
    }
  std::string known;
  for (const auto& entry : entries_) known += (known.empty() ? "" : ", ") + entry.first;
  throw ConfigError(cat("unknown expert '", name, "' (known experts: ", known, ")"));
}

std::vector<std::unique_ptr<Expert>> Registry::make_all(const std::vector<std::string>& names,
                                                        const Config* config) const {
  std::vector<std::unique_ptr<Expert>> out;
  std::set<std::string> seen;
  for (const auto& name : names.empty() ? this->names() : names) {
    if (!seen.insert(name).second) throw ConfigError(cat("expert '", name, "' is named twice in the expert list"));
    out.push_back(make(name, config));
  }
  return out;
}

}  // namespace moce::experts
