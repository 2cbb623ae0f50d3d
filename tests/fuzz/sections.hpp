// The input form of the fuzz targets that read a folder of files: the files one after another,
// each starting with a line "=== NAME". Shared by the telemetry CSV, RS, cube and log targets.
#pragma once

#include <unistd.h>

#include <cctype>
#include <filesystem>
#include <fstream>
#include <functional>
#include <string>

namespace moce::fuzz {

// A fresh folder of this process (removed and re-made), under the system's temporary folder.
inline std::filesystem::path scratch(const std::string& name) {
  const auto dir = std::filesystem::temp_directory_path() / ("moce-fuzz-" + name + "-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

// Writes each section whose NAME `accept` allows as dir/NAME; returns how many it wrote.
inline int write_sections(const std::string& text, const std::filesystem::path& dir,
                          const std::function<bool(const std::string&)>& accept) {
  int written = 0;
  std::size_t at = text.find("=== ");
  while (at != std::string::npos) {
    const auto name_end = text.find('\n', at);
    if (name_end == std::string::npos) break;
    const std::string name = text.substr(at + 4, name_end - at - 4);
    const auto next = text.find("\n=== ", name_end);
    const auto body = text.substr(name_end + 1, next == std::string::npos ? std::string::npos : next + 1 - name_end - 1);
    if (accept(name)) {
      std::ofstream(dir / name, std::ios::binary) << body;
      ++written;
    }
    at = next == std::string::npos ? next : next + 1;
  }
  return written;
}

// A plain file name of at most 40 characters from [A-Za-z0-9_.-] ending in `suffix` (no path,
// no hidden file): what a fuzzed section name may create.
inline bool plain_name(const std::string& name, const std::string& suffix) {
  if (name.size() > 40 || name.size() <= suffix.size() || name[0] == '.' ||
      name.compare(name.size() - suffix.size(), suffix.size(), suffix) != 0)
    return false;
  for (char c : name)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '.' && c != '-') return false;
  return true;
}

}  // namespace moce::fuzz
