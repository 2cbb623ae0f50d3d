// Fuzz target: the corpus reader (operators/io/corpus_reader.*, incident_index.*) on HDF5 bytes
// the fuzzer mutates, starting from small generated corpora (corpus/corpus_reader/). Reads
// everything `moce inspect` reads; a bad file must throw moce::Error, never crash, hang or
// allocate without bound.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <fstream>
#include <string>

#include "operators/io/corpus_format.hpp"
#include "operators/io/corpus_reader.hpp"
#include "operators/io/incident_index.hpp"
#include "runtime/error.hpp"

namespace {

void read_everything(const std::string& path) {
  moce::CorpusReader reader(path);
  for (const auto& spec : moce::read_incident_index(reader)) {
    for (const auto& group : {moce::corpus::sessions_group(spec.id), moce::corpus::logs_group(spec.id)})
      if (reader.is_group(group)) reader.read(group);
    if (reader.is_group(moce::corpus::events_group(spec.id)))
      reader.read_sequence(moce::corpus::events_group(spec.id), moce::corpus::events_offsets(spec.id));
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string path = "/tmp/moce-fuzz-corpus-" + std::to_string(::getpid()) + ".h5";
  std::ofstream(path, std::ios::binary).write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  try {
    read_everything(path);
  } catch (const moce::Error&) {
  }
  ::unlink(path.c_str());
  return 0;
}
