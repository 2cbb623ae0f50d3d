// The plugin loader: dlopen of the given file, two dlsym look-ups, an ABI check.
#include "experts/core/plugin.hpp"

#include <dlfcn.h>

#include <filesystem>

#include "runtime/error.hpp"

namespace moce::experts {

namespace {

const char* kHowToBuild = "a moce plugin built with find_package(moce) and MOCE_PLUGIN (see examples/my_expert)";

void* symbol(void* handle, const char* name, const std::string& path) {
  ::dlerror();
  void* address = ::dlsym(handle, name);
  if (!address)
    throw ConfigError(cat("--plugin '", path, "': no symbol '", name, "'; expected ", kHowToBuild));
  return address;
}

}  // namespace

void load_plugin(const std::string& path, Registry& registry) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::is_regular_file(path, ec))
    throw ConfigError(cat("--plugin '", path, "': no such file; expected the path of ", kHowToBuild));
  // An absolute path keeps dlopen from searching LD_LIBRARY_PATH and the system directories.
  const std::string absolute = fs::absolute(path).string();
  // RTLD_NOW: an unresolved symbol fails here, with its name, not in the middle of a sweep.
  // RTLD_LOCAL: two plugins cannot capture each other's symbols.
  void* handle = ::dlopen(absolute.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!handle) throw ConfigError(cat("--plugin '", path, "': cannot load it (", ::dlerror(), "); expected ", kHowToBuild));
  // dlsym on the handle searches the plugin and its dependencies only, never the host program.
  auto abi = reinterpret_cast<int (*)()>(symbol(handle, kPluginAbiSymbol, path));
  auto add_experts = reinterpret_cast<void (*)(Registry&)>(symbol(handle, kPluginRegisterSymbol, path));
  const int version = abi();
  if (version != MOCE_PLUGIN_ABI_VERSION)
    throw ConfigError(cat("--plugin '", path, "': built for plugin ABI version ", version, ", but this moce has version ",
                          MOCE_PLUGIN_ABI_VERSION, "; rebuild it against this moce's installed headers"));
  Registry own;
  add_experts(own);
  registry.merge(own, cat("--plugin '", path, "'"));
}

Registry registry_with_plugins(const std::vector<std::string>& paths) {
  Registry registry = builtin_registry();
  for (const auto& path : paths) load_plugin(path, registry);
  return registry;
}

}  // namespace moce::experts
