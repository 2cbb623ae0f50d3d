// Out-of-line pieces of the error channels.
#include "runtime/error.hpp"

namespace moce {

void assertion_failed(const char* expr, const char* file, int line, const std::string& msg) {
  throw InternalError(cat("internal error: assertion '", expr, "' failed at ", file, ":", line,
                          msg.empty() ? "" : ": ", msg));
}

}  // namespace moce
