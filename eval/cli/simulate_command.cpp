// `moce simulate`: placeholder until its issue lands; says so and exits 2.
#include "eval/cli/command.hpp"
#include "runtime/error.hpp"

namespace moce::cli {

int simulate_main(const Context&, const std::vector<std::string>&) {
  throw NotImplementedError("moce simulate: not implemented yet");
}

}  // namespace moce::cli
