// The error channels of moce: MOCE_ASSERT for bugs, typed exceptions for bad input (STYLE.md).
#pragma once

#include <sstream>
#include <stdexcept>
#include <string>

namespace moce {

// Base of every error a user can cause; the message names the file, dataset, option or rank at
// fault and what was expected, so it can be printed as-is.
class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class ConfigError : public Error {  // a bad option or config value
 public:
  using Error::Error;
};
class UsageError : public Error {  // a bad command line; exits 2
 public:
  using Error::Error;
};
class CorpusError : public Error {  // a corpus file that is missing, corrupt or of the wrong layout
 public:
  using Error::Error;
};
class MpiError : public Error {  // a failed MPI call
 public:
  using Error::Error;
};
class InputError : public Error {  // bad data in an imported file
 public:
  using Error::Error;
};
class NotImplementedError : public Error {  // a subcommand whose issue has not landed; exits 2
 public:
  using Error::Error;
};

// Thrown by MOCE_ASSERT: an invariant only a bug can break.
class InternalError : public std::logic_error {
 public:
  using std::logic_error::logic_error;
};

[[noreturn]] void assertion_failed(const char* expr, const char* file, int line, const std::string& msg);

// Builds a message from streamable parts: throw CorpusError(cat("file ", path, ": ..."));
template <class... Args>
std::string cat(const Args&... args) {
  std::ostringstream out;
  (out << ... << args);
  return out.str();
}

}  // namespace moce

#define MOCE_ASSERT(expr, ...)                                                        \
  do {                                                                                \
    if (!(expr)) ::moce::assertion_failed(#expr, __FILE__, __LINE__, ::moce::cat(__VA_ARGS__)); \
  } while (false)
