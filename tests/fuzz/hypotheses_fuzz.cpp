// Fuzz target: the `--hypotheses FILE` reader (experts/opportunity/hypotheses_file.*, json.*).
// Any text either parses into hypotheses or throws InputError naming the file; what parses names
// only the KPIs and attributes it was given, and parsing is deterministic.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "experts/opportunity/hypotheses_file.hpp"
#include "runtime/error.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace op = moce::experts::opportunity;
  const std::string text(reinterpret_cast<const char*>(data), size);
  // The names of configs/opportunities.ini's corpus that the seed inputs use.
  static const std::vector<std::string> kpis = {"payment_conversion", "login_success", "play_start_time",
                                                "session_errors", "search_time", "play_success"};
  static const std::vector<std::string> attributes = {"os_version", "app_version", "cdn", "isp", "os"};
  std::vector<op::Hypothesis> parsed;
  try {
    parsed = op::parse_hypotheses(text, "fuzz.json", kpis, attributes);
  } catch (const moce::InputError& e) {
    MOCE_ASSERT(std::string(e.what()).find("fuzz.json") != std::string::npos, "an error not naming the file: ",
                e.what());
    return 0;
  }
  for (const auto& h : parsed)
    MOCE_ASSERT(std::find(kpis.begin(), kpis.end(), h.kpi) != kpis.end(), "a hypothesis on the unknown KPI '",
                h.kpi, "'");
  MOCE_ASSERT(op::parse_hypotheses(text, "fuzz.json", kpis, attributes).size() == parsed.size(),
              "parsing the same text twice differs");
  return 0;
}
