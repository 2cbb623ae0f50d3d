// Fuzz target: the telemetry CSV importer (operators/io/telemetry_csv/). The input holds the
// files of one import directory one after another, each starting with a line "=== NAME" (e.g.
// "=== events.csv"); the seeds (corpus/telemetry_csv/) are tests/import/fixture in that form.
// Bad data must throw moce::Error and leave no file at the output path.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>

#include "operators/io/telemetry_csv/telemetry_import.hpp"
#include "runtime/error.hpp"
#include "tests/fuzz/sections.hpp"

namespace fs = std::filesystem;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  const fs::path dir = moce::fuzz::scratch("csv");
  fs::create_directories(dir / "in");
  moce::fuzz::write_sections(text, dir / "in", [](const std::string& name) {
    return name == "incidents.csv" || name == "sessions.csv" || name == "events.csv" || name == "logs.csv" ||
           name == "dictionaries.csv";
  });
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
