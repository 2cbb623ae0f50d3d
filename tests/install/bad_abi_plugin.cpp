// A plugin built for a plugin ABI version other than the host's: the loader must refuse it.
#include "experts/core/plugin.hpp"

MOCE_PLUGIN_EXPORT int moce_plugin_abi_version() { return MOCE_PLUGIN_ABI_VERSION + 1; }
MOCE_PLUGIN_EXPORT void moce_register_experts(moce::experts::Registry&) {}
