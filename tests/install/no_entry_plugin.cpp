// A plugin without moce_register_experts: the loader must name the missing symbol.
#include "experts/core/plugin.hpp"

MOCE_PLUGIN_EXPORT int moce_plugin_abi_version() { return MOCE_PLUGIN_ABI_VERSION; }
