// Shared test helpers.
#include "tests/support/test_support.hpp"

#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <random>

namespace moce::test {

namespace {
std::filesystem::path make_unique_dir() {
  std::random_device device;
  for (int attempt = 0; attempt < 100; ++attempt) {
    auto candidate = std::filesystem::temp_directory_path() / ("moce-test-" + std::to_string(::getpid()) + "-" +
                                                               std::to_string(device() % 1000000));
    if (std::filesystem::create_directory(candidate)) return candidate;
  }
  throw std::runtime_error("cannot create a temporary directory");
}
}  // namespace

TempDir::TempDir() : path_(make_unique_dir()) {}

TempDir::TempDir(const Context& context) {
  std::string name;
  if (context.rank() == 0) name = make_unique_dir().string();
  context.broadcast(name, 0);
  path_ = name;
  owner_ = context.rank() == 0;
}

TempDir::~TempDir() {
  std::error_code ignored;
  if (owner_) std::filesystem::remove_all(path_, ignored);
}

CommandResult run_command(const std::string& command) {
  CommandResult result;
  FILE* pipe = popen((command + " 2>&1").c_str(), "r");
  if (!pipe) return result;
  std::array<char, 4096> buffer{};
  std::size_t n = 0;
  while ((n = std::fread(buffer.data(), 1, buffer.size(), pipe)) > 0) result.output.append(buffer.data(), n);
  int status = pclose(pipe);
  result.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

std::string source_path(const std::string& relative) {
  return (std::filesystem::path(__FILE__).parent_path().parent_path().parent_path() / relative).string();
}

std::string moce_binary() {
  const char* override_path = std::getenv("MOCE_BINARY");
  return override_path ? override_path : (std::filesystem::current_path() / "moce").string();
}

}  // namespace moce::test
