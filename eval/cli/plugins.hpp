// --plugin on the subcommands that run experts (rca, evaluate, experts, calibrate): the registry
// they draw experts from is the built-in one plus every plugin's experts.
#pragma once

#include "eval/cli/options.hpp"
#include "experts/core/registry.hpp"

namespace moce::cli {

// Adds `--plugin FILE`, repeatable: a shared library of out-of-tree experts (experts/core/plugin.hpp).
void add_plugin_option(po::options_description& options);

// The built-in experts plus those of every --plugin, or of `plugin = a.so, b.so` in the INI file.
experts::Registry expert_registry(const Config& config);

}  // namespace moce::cli
