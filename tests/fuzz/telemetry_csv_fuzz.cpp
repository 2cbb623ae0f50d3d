// Fuzz target: the telemetry CSV importer (operators/io/telemetry_csv/). The input holds the
// files of one import directory one after another, each starting with a line "=== NAME" (e.g.
// "=== events.csv"); the seeds (corpus/telemetry_csv/) are tests/import/fixture in that form.
// Bad data must throw moce::Error and leave no file at the output path.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>

#include "operators/io/telemetry_csv/telemetry_import.hpp"
#include "runtime/error.hpp"

namespace fs = std::filesystem;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  const fs::path dir = fs::temp_directory_path() / ("moce-fuzz-csv-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir / "in");
  std::size_t at = text.find("=== ");
  while (at != std::string::npos) {
    const auto name_end = text.find('\n', at);
    if (name_end == std::string::npos) break;
    const std::string name = text.substr(at + 4, name_end - at - 4);
    const auto next = text.find("\n=== ", name_end);
    const auto body = text.substr(name_end + 1, next == std::string::npos ? std::string::npos : next + 1 - name_end - 1);
    if (name == "incidents.csv" || name == "sessions.csv" || name == "events.csv" || name == "logs.csv" ||
        name == "dictionaries.csv")
      std::ofstream(dir / "in" / name, std::ios::binary) << body;
    at = next == std::string::npos ? next : next + 1;
  }
  moce::ImportOptions options;
  options.write.compression = 0;
  options.block_bytes = 64;  // small blocks: records straddle block boundaries
  const auto out = dir / "out.h5";
  try {
    moce::import_telemetry((dir / "in").string(), out.string(), options);
  } catch (const moce::Error&) {
    MOCE_ASSERT(!fs::exists(out), "a failed import left ", out.string(), " behind");
  }
  fs::remove_all(dir);
  return 0;
}
