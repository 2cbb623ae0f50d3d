// Out-of-tree experts. A plugin is a shared library built against the installed moce headers
// (find_package(moce); examples/my_expert shows one) that `moce --plugin FILE` loads at run time,
// so a researcher extends the mixture without forking. The plugin's code calls into the moce
// executable, which exports its symbols; it defines the two C entry points below, most simply
// with MOCE_PLUGIN:
//
//   MOCE_PLUGIN(registry) { registry.add<MyExpert>("my_expert"); }
#pragma once

#include <string>
#include <vector>

#include "experts/core/registry.hpp"

// The layout of everything a plugin compiles against (Expert, Registry, Workflows, the data
// model). Bump it with any change that would break an already built plugin: the loader refuses a
// plugin built for another version instead of letting it crash.
#define MOCE_PLUGIN_ABI_VERSION 1

#define MOCE_PLUGIN_EXPORT extern "C" __attribute__((visibility("default")))

// Defines the entry points: the ABI version the plugin was built for, and the function that adds
// its experts to the host's registry (its body follows the macro).
#define MOCE_PLUGIN(registry)                                                    \
  MOCE_PLUGIN_EXPORT int moce_plugin_abi_version() { return MOCE_PLUGIN_ABI_VERSION; } \
  MOCE_PLUGIN_EXPORT void moce_register_experts(::moce::experts::Registry& registry)

namespace moce::experts {

inline constexpr const char* kPluginAbiSymbol = "moce_plugin_abi_version";
inline constexpr const char* kPluginRegisterSymbol = "moce_register_experts";

// Loads the plugin at `path` (that file only: no library search path) and adds its experts to
// `registry`. The library stays loaded for the life of the process (its experts' code lives in
// it). Throws ConfigError naming the file and what was expected when the file is missing, is not a
// loadable library, lacks an entry point, was built for another ABI version, or registers a name
// that is already taken.
void load_plugin(const std::string& path, Registry& registry);

// The built-in experts followed by those of every plugin in `paths`, loaded in order.
Registry registry_with_plugins(const std::vector<std::string>& paths);

}  // namespace moce::experts
