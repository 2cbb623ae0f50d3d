// A small, fully deterministic demo corpus in the corpus layout: what the quick start writes
// until the incident simulator lands, and a fixture for corpus I/O tests. Each rank generates
// its block share of sessions from a counter-based hash, so the file's datasets are identical
// whatever the rank count.
#pragma once

#include <cstdint>
#include <string>

#include "operators/io/corpus_writer.hpp"
#include "runtime/comm/context.hpp"

namespace moce {

struct DemoOptions {
  std::int64_t incidents = 2;
  std::int64_t sessions_per_incident = 1000;
  std::int64_t seed = 1;
  WriteOptions write;
  int fail_rank = -1;  // diagnostic: this rank throws after the first incident (tests the abort path)
};

void write_demo_corpus(const std::string& path, const Context& context, const DemoOptions& options,
                       const std::string& config_text);

}  // namespace moce
