// Dealing incidents to groups of ranks: longest processing time first (LPT). Incidents are
// sorted by size (descending, ties by id) and each goes to the group with the least load so far
// (ties to the lowest group): deterministic, and within 4/3 of the best makespan.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace moce::eval {

struct Job {
  std::string id;
  std::int64_t size = 0;  // e.g. the incident's event count
};

// assignment[g] = the jobs of group g, in the order the group runs them (largest first).
std::vector<std::vector<std::size_t>> assign_lpt(const std::vector<Job>& jobs, int groups);

}  // namespace moce::eval
