// Locating the plot script; see plot_script.hpp.
#include "eval/cli/plot_script.hpp"

#include <cstdlib>
#include <filesystem>
#include <system_error>

// Set by eval/CMakeLists.txt: the script in the source tree, the build tree's root, and the
// installed script's path relative to the installed program's folder.
#ifndef MOCE_PLOT_SCRIPT
#define MOCE_PLOT_SCRIPT ""
#endif
#ifndef MOCE_BUILD_TREE
#define MOCE_BUILD_TREE ""
#endif
#ifndef MOCE_PLOT_SCRIPT_FROM_BINDIR
#define MOCE_PLOT_SCRIPT_FROM_BINDIR "../share/moce/python/plot_results.py"
#endif

namespace moce::cli {

namespace fs = std::filesystem;

std::string find_plot_script() {
  if (const char* env = std::getenv("MOCE_PLOT_SCRIPT")) return env;
  std::error_code error;
  const fs::path program = fs::read_symlink("/proc/self/exe", error);
  if (error) return "";
  const fs::path installed = (program.parent_path() / MOCE_PLOT_SCRIPT_FROM_BINDIR).lexically_normal();
  if (fs::is_regular_file(installed, error)) return installed.string();
  // Only a program inside the build tree may use the source tree: an installed one must not
  // depend on a checkout that may be gone (or a different version of the script).
  const std::string build_tree = fs::weakly_canonical(MOCE_BUILD_TREE, error).string();
  const std::string here = fs::weakly_canonical(program, error).string();
  const bool in_build_tree = !build_tree.empty() && here.size() > build_tree.size() &&
                             here.compare(0, build_tree.size(), build_tree) == 0 && here[build_tree.size()] == '/';
  if (in_build_tree && fs::is_regular_file(MOCE_PLOT_SCRIPT, error)) return MOCE_PLOT_SCRIPT;
  return "";
}

}  // namespace moce::cli
