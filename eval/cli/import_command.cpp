// `moce import`: placeholder until its issue lands; says so and exits 2.
#include "eval/cli/command.hpp"
#include "runtime/error.hpp"

namespace moce::cli {

int import_main(const Context&, const std::vector<std::string>&) {
  throw NotImplementedError("moce import: not implemented yet");
}

}  // namespace moce::cli
