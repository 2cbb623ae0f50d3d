// Fuzz target: `moce import rs` (operators/io/import_rs.*, rs_labels.*). The input is an RS
// folder as "=== NAME" sections (sections.hpp): anomaly.yaml and up to a few incident CSVs; the
// seeds (corpus/rs/) are small RS incidents of the real layout. A bad folder must throw
// moce::Error and leave nothing beside the input; a good one must read back as a corpus of as
// many incidents as the import reported.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>

#include "operators/io/corpus_reader.hpp"
#include "operators/io/import_rs.hpp"
#include "runtime/error.hpp"
#include "tests/fuzz/sections.hpp"

namespace fs = std::filesystem;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  const fs::path dir = moce::fuzz::scratch("rs");
  fs::create_directories(dir / "in");
  int files = 0;
  moce::fuzz::write_sections(text, dir / "in", [&](const std::string& name) {
    return name == "anomaly.yaml" || (moce::fuzz::plain_name(name, ".csv") && ++files <= 4);
  });
  moce::RsImportOptions options;
  options.write.compression = 0;
  options.block_bytes = 64;  // small blocks: records straddle block boundaries
  const auto out = dir / "out.h5";
  try {
    const auto summary = moce::import_rs((dir / "in").string(), out.string(), options);
    const moce::CorpusReader reader(out.string());
    MOCE_ASSERT(static_cast<std::int64_t>(moce::read_incident_index(reader).size()) == summary.incidents,
                "the RS import reported ", summary.incidents, " incidents but wrote another number");
  } catch (const moce::Error&) {
    MOCE_ASSERT(!fs::exists(out), "a failed RS import left ", out.string(), " behind");
  }
  for (const auto& entry : fs::directory_iterator(dir))
    MOCE_ASSERT(entry.path().filename() == "in" || entry.path() == out, "the RS import left ", entry.path().string());
  fs::remove_all(dir);
  return 0;
}
