// Fuzz target: `moce import cube` (operators/io/import_cube.*). The input is a cube folder as
// "=== NAME" sections (sections.hpp): injection_info.csv and up to a few <timestamp>.csv; the
// seeds (corpus/cube/) are tests/import/cube_fixture and variants. A bad folder must throw
// moce::Error and leave nothing beside the input; a good one must read back as a corpus of as
// many incidents as it has labels.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>

#include "operators/io/corpus_reader.hpp"
#include "operators/io/import_cube.hpp"
#include "runtime/error.hpp"
#include "tests/fuzz/sections.hpp"

namespace fs = std::filesystem;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  const fs::path dir = moce::fuzz::scratch("cube");
  fs::create_directories(dir / "in");
  int files = 0;
  moce::fuzz::write_sections(text, dir / "in", [&](const std::string& name) {
    return name == "injection_info.csv" || (moce::fuzz::plain_name(name, ".csv") && ++files <= 4);
  });
  moce::RsImportOptions options;
  options.write.compression = 0;
  options.block_bytes = 64;
  const auto out = dir / "out.h5";
  try {
    const auto summary = moce::import_cube((dir / "in").string(), out.string(), options);
    const moce::CorpusReader reader(out.string());
    MOCE_ASSERT(static_cast<std::int64_t>(moce::read_incident_index(reader).size()) == summary.incidents,
                "the cube import reported ", summary.incidents, " incidents but wrote another number");
  } catch (const moce::Error&) {
    MOCE_ASSERT(!fs::exists(out), "a failed cube import left ", out.string(), " behind");
  }
  for (const auto& entry : fs::directory_iterator(dir))
    MOCE_ASSERT(entry.path().filename() == "in" || entry.path() == out, "the cube import left ", entry.path().string());
  fs::remove_all(dir);
  return 0;
}
