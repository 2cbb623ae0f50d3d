// Helpers shared by the test suites: temporary directories, the moce binary, the world context.
#pragma once

#include <filesystem>
#include <string>

#include "runtime/comm/context.hpp"

namespace moce::test {

// A fresh directory under the system temp dir, removed with everything in it on destruction.
// Under MPI every rank gets the same path (rank 0 names it).
class TempDir {
 public:
  TempDir();
  explicit TempDir(const Context& context);
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }
  std::string file(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
  bool owner_ = true;
};

// The context of the whole test process: MPI's world in the *_mpitest binaries, local otherwise.
const Context& world();

// Runs a shell command, returning its exit status and (merged stdout+stderr) output.
struct CommandResult {
  int status = -1;
  std::string output;
};
CommandResult run_command(const std::string& command);

// Absolute path of `relative` (e.g. "configs/world_default.ini") in the source tree.
std::string source_path(const std::string& relative);

// Path of the built `moce` program (tests run with the build directory as working directory).
std::string moce_binary();

}  // namespace moce::test
