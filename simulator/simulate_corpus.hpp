// The chunked writer driver of `moce simulate`: plans the incidents, generates each incident's
// sessions in global chunks split across the ranks (block_share), and appends them collectively,
// so memory per rank stays bounded and the datasets do not depend on the rank count.
#pragma once

#include <cstdint>
#include <string>

#include "operators/io/corpus_writer.hpp"
#include "runtime/comm/context.hpp"
#include "simulator/world.hpp"

namespace moce::sim {

struct SimulateOptions {
  std::uint64_t seed = 1;
  std::int64_t incidents_per_category = 36;
  std::int64_t sessions_per_incident = 2000;
  std::int64_t chunk_events = 2'000'000;  // events per collective append, over all ranks (approximate)
  WriteOptions write;
};

struct SimulateSummary {
  std::int64_t incidents = 0;
  std::int64_t sessions = 0;
  std::int64_t events = 0;
  std::int64_t log_lines = 0;
  double seconds = 0;
  double bytes_uncompressed = 0;  // over all ranks
  double bytes_written = 0;       // the file's size
};

// Collective over `context`. `config_text` is recorded in the corpus as its provenance.
SimulateSummary simulate_corpus(const World& world, const SimulateOptions& options, const std::string& path,
                                const Context& context, const std::string& config_text);

}  // namespace moce::sim
