// --plugin: option and registry.
#include "eval/cli/plugins.hpp"

#include "experts/core/plugin.hpp"

namespace moce::cli {

void add_plugin_option(po::options_description& options) {
  add_list_option(options, "plugin",
                  "load out-of-tree experts from this shared library (repeatable; built with find_package(moce), "
                  "see examples/my_expert)");
}

experts::Registry expert_registry(const Config& config) {
  return experts::registry_with_plugins(config.get_list("plugin", {}));
}

}  // namespace moce::cli
