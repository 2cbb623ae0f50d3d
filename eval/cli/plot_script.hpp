// Where `moce evaluate` finds its plot script: MOCE_PLOT_SCRIPT when set; else the copy installed
// beside the program (<prefix>/share/moce/python/plot_results.py for <prefix>/bin/moce); else, for a
// program still inside its build tree, the script in the source tree it was built from.
#pragma once

#include <string>

namespace moce::cli {

// The script's path, or "" when none of the places above has one.
std::string find_plot_script();

}  // namespace moce::cli
