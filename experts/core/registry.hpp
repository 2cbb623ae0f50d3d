// The expert registry: every expert the harness knows, made from the config by name. Adding an
// expert is one file (the expert) and one line in experts/builtin_experts.cpp.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "experts/core/expert.hpp"
#include "runtime/config.hpp"

namespace moce::experts {

class Registry {
 public:
  using Factory = std::function<std::unique_ptr<Expert>(const Config* config)>;

  // Registers `factory` under `name`; a name registered twice is a bug.
  void add(const std::string& name, Factory factory);
  template <class E>
  void add(const std::string& name) {
    add(name, [](const Config* config) { return std::make_unique<E>(config); });
  }

  // Adds every expert of `other`, in its order; throws ConfigError when a name is taken (`origin`,
  // e.g. the plugin's path, says where `other` came from).
  void merge(const Registry& other, const std::string& origin);

  std::vector<std::string> names() const;  // in registration order
  bool has(const std::string& name) const;
  // The expert `name` with its parameters from `config` (null: defaults). Throws ConfigError
  // naming the unknown expert and listing the known ones.
  std::unique_ptr<Expert> make(const std::string& name, const Config* config) const;
  // The experts named in `names`, or every registered expert when `names` is empty. Throws
  // ConfigError on an unknown or repeated name.
  std::vector<std::unique_ptr<Expert>> make_all(const std::vector<std::string>& names, const Config* config) const;

 private:
  std::vector<std::pair<std::string, Factory>> entries_;
};

// Every built-in expert (builtin_experts.cpp).
const Registry& builtin_registry();

}  // namespace moce::experts
