// Fuzz target: the canonical lead-id and truth parser (operators/io/incident_index.*). Any
// text either parses or throws InputError; every alternative of what parses is canonical, and
// join_truth() gives text that parses back to the same causes.
#include <cstddef>
#include <cstdint>
#include <string>

#include "operators/io/incident_index.hpp"
#include "runtime/error.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  moce::is_canonical_lead_id(text);
  moce::split_alternatives(text);
  std::vector<std::string> causes;
  try {
    causes = moce::parse_truth(text, "fuzz");
  } catch (const moce::InputError&) {
    return 0;
  }
  for (const auto& cause : causes) {
    MOCE_ASSERT(!cause.empty(), "an empty cause from '", text, "'");
    for (const auto& id : moce::split_alternatives(cause))
      MOCE_ASSERT(moce::is_canonical_lead_id(id), "parse_truth kept the non-canonical id '", id, "'");
  }
  MOCE_ASSERT(moce::parse_truth(moce::join_truth(causes), "again") == causes, "join_truth does not round-trip '",
              text, "'");
  return 0;
}
