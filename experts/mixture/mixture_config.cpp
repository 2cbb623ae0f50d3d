// Reading the mixture's settings.
#include "experts/mixture/mixture_config.hpp"

#include "runtime/error.hpp"

namespace moce::experts {

std::vector<const Expert*> MixtureSetup::pointers() const {
  std::vector<const Expert*> out;
  for (const auto& expert : experts) out.push_back(expert.get());
  return out;
}

MixtureSetup read_mixture(const Config& config, const Registry& registry, const std::string& experts_key) {
  MixtureSetup setup;
  std::vector<std::string> names;
  if (config.has(experts_key)) {
    names = config.get_list(experts_key, {});
    if (names.empty()) throw ConfigError(cat("'", experts_key, "' names no expert; leave it out to run them all"));
  } else if (config.has("mixture.experts")) {
    names = config.get_list("mixture.experts", {});
    if (names.empty()) throw ConfigError("'mixture.experts' names no expert; leave it out to run them all");
  }
  setup.experts = registry.make_all(names, &config);
  setup.options.combiner.k = static_cast<std::size_t>(config.get_int("mixture.k", 5, 1, 1000));
  if (config.has("k")) setup.options.combiner.k = static_cast<std::size_t>(config.get_int("k", 5, 1, 1000));
  setup.options.combiner.floor = config.get_double("mixture.floor", 0.3, 0, 1e9);
  setup.options.graph.threads = static_cast<int>(config.get_int("mixture.threads", 1, 1, 256));
  for (const auto& key : config.keys_in("mixture.weight")) {
    const std::string name = key.substr(std::string("mixture.weight.").size());
    bool present = false;
    for (const auto& expert : setup.experts) present = present || expert->name() == name;
    if (!present) throw ConfigError(cat("'", key, "' weighs expert '", name, "', which is not in the mixture"));
    setup.options.combiner.weights[name] = config.get_double(key, 1, 0, 1e6);
  }
  return setup;
}

}  // namespace moce::experts
