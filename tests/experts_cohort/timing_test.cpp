// Timing on a real corpus (manual: MOCE_TIMING_CORPUS=path, run with
// --gtest_also_run_disabled_tests): per incident, each cohort expert's own step (its node's
// compute time, the shared workflows excluded), median of 7 runs, on one core.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <iostream>

#include "experts/core/registry.hpp"
#include "tests/support/test_support.hpp"

namespace moce::test {
namespace {

TEST(CohortTiming, DISABLED_ExpertStepsOnACorpus) {
  const char* path = std::getenv("MOCE_TIMING_CORPUS");
  ASSERT_NE(path, nullptr);
  auto corpus = std::make_shared<const CorpusReader>(path);
  const std::vector<std::string> names{"cohort_differential", "cohort_mle", "adtributor", "lifecycle", "cohort_lattice", "explain_away"};
  for (const auto& spec : read_incident_index(*corpus)) {
    const auto input = experts::open_incident(corpus, spec, world());
    std::cout << spec.id;
    double total = 0;
    for (const auto& name : names) {
      const auto expert = experts::builtin_registry().make(name, nullptr);
      std::vector<double> ms;
      for (int run = 0; run < 7; ++run) {
        Graph graph;
        experts::Workflows wf(graph, input);
        auto handle = expert->build(wf);
        graph.get(handle);
        ms.push_back(1e3 * graph.node_stats(handle).seconds);  // the expert's own step
      }
      std::sort(ms.begin(), ms.end());
      std::cout << " " << name << "=" << ms[3];
      total += ms[3];
    }
    std::cout << " total_ms=" << total << "\n";
  }
}

}  // namespace
}  // namespace moce::test
