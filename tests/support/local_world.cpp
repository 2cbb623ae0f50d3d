// world() for the single-process test binaries: the local context.
#include "tests/support/test_support.hpp"

namespace moce::test {
const Context& world() {
  static const auto context = make_local_context();
  return *context;
}
}  // namespace moce::test
