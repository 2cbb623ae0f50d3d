// Fuzz target: the raw server log parser of `moce import log` (operators/io/import_log.*:
// read_log). The input is "=== a.log" and "=== t.csv" (the templates) sections (sections.hpp);
// the seeds (corpus/log/) are lines of loghub's Apache log with its templates. Any input parses
// or throws moce::InputError; every parsed line carries a template of the file.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>

#include "operators/io/import_log.hpp"
#include "runtime/error.hpp"
#include "tests/fuzz/sections.hpp"

namespace fs = std::filesystem;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  const fs::path dir = moce::fuzz::scratch("log");
  moce::fuzz::write_sections(text, dir, [](const std::string& name) { return name == "a.log" || name == "t.csv"; });
  try {
    for (const auto& line : moce::read_log((dir / "a.log").string(), (dir / "t.csv").string()))
      MOCE_ASSERT(!line.log_template.empty() && std::isfinite(line.ts), "a parsed log line without a template or time");
  } catch (const moce::InputError&) {
  }
  fs::remove_all(dir);
  return 0;
}
