// NodeError: what get() throws when a node it needs failed; it names the node and nests the
// operator's original exception (std::rethrow_if_nested(error) rethrows it with its own type).
#pragma once

#include <exception>
#include <string>

#include "runtime/dag/hash.hpp"
#include "runtime/error.hpp"

namespace moce {

class NodeError : public Error {
 public:
  NodeError(const std::string& message, std::string node, Key key, std::string origin)
      : Error(message), node_(std::move(node)), key_(key), origin_(std::move(origin)) {}
  // The requested node.
  const std::string& node() const { return node_; }
  Key key() const { return key_; }
  // The node whose operator threw (the requested node itself, or an input it needs).
  const std::string& origin() const { return origin_; }

 private:
  std::string node_;
  Key key_;
  std::string origin_;
};

// Throws NodeError for `node`, whose failure began at `origin` with `error`, nesting `error`.
[[noreturn]] void throw_node_error(const std::string& node, Key key, const std::string& origin,
                                   Key origin_key, const std::exception_ptr& error);

// "0123456789abcdef": a key as 16 hex digits, as messages and the JSON export print it.
std::string key_hex(Key key);

}  // namespace moce
