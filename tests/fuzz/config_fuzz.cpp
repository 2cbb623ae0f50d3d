// Fuzz target: the INI config parser (runtime/config.*). Any text either parses or throws
// ConfigError; what parses survives a round trip through to_ini() unchanged, and every typed
// getter either returns a value inside its range or throws ConfigError.
#include <cstddef>
#include <cstdint>
#include <string>

#include "runtime/config.hpp"
#include "runtime/error.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  moce::Config config;
  try {
    config.parse_ini(text, "fuzz.ini");
  } catch (const moce::ConfigError&) {
    return 0;
  }
  moce::Config again;
  again.parse_ini(config.to_ini(), "round-trip.ini");  // must not throw
  MOCE_ASSERT(again.entries().size() == config.entries().size(), "round trip changed the key count");
  for (const auto& [key, entry] : config.entries()) {
    MOCE_ASSERT(again.has(key) && again.get_string(key, "") == entry.value, "round trip changed key '", key, "'");
    try {
      const auto v = config.get_int(key, 0, -5, 5);
      MOCE_ASSERT(v >= -5 && v <= 5, "get_int out of range");
    } catch (const moce::ConfigError&) {
    }
    try {
      const auto v = config.get_double(key, 0, 0, 1);
      MOCE_ASSERT(v >= 0 && v <= 1, "get_double out of range");
    } catch (const moce::ConfigError&) {
    }
    try {
      config.get_bool(key, false);
    } catch (const moce::ConfigError&) {
    }
    for (const auto& item : config.get_list(key, {})) MOCE_ASSERT(!item.empty(), "get_list kept an empty item");
  }
  return 0;
}
