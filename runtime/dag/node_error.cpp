// Building the message of a failed node and nesting the original exception in it.
#include "runtime/dag/node_error.hpp"

#include <cstdio>
#include <new>

namespace moce {

std::string key_hex(Key key) {
  char text[17];
  std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(key));
  return text;
}

void throw_node_error(const std::string& node, Key key, const std::string& origin, Key origin_key,
                      const std::exception_ptr& error) {
  std::string message = cat("lazy DAG node '", node, "' (key ", key_hex(key), ") failed");
  if (origin_key != key || origin != node) {
    message += cat(" because its input '", origin, "' (key ", key_hex(origin_key), ") failed");
  }
  try {
    std::rethrow_exception(error);
  } catch (const std::bad_alloc&) {
    // Out of memory is the process' failure, not this node's: wrapped, a caller that records a
    // failed node (the mixture: "expert failed") would carry on and give results that depend on
    // the memory limit. Unwrapped it stops the run with one clear message (eval/cli/main.cpp).
    throw;
  } catch (const std::exception& original) {
    std::throw_with_nested(NodeError(cat(message, ": ", original.what()), node, key, origin));
  } catch (...) {
    std::throw_with_nested(NodeError(cat(message, ": a non-standard exception"), node, key, origin));
  }
}

}  // namespace moce
