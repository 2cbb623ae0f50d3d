#include "eval/evaluate/schedule.hpp"

#include <algorithm>
#include <numeric>
#include <stdexcept>

namespace moce::eval {

std::vector<std::vector<std::size_t>> assign_lpt(const std::vector<Job>& jobs, int groups) {
  if (groups < 1) throw std::invalid_argument("assign_lpt: at least one group");
  std::vector<std::size_t> order(jobs.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    if (jobs[a].size != jobs[b].size) return jobs[a].size > jobs[b].size;
    return jobs[a].id < jobs[b].id;
  });
  std::vector<std::vector<std::size_t>> out(static_cast<std::size_t>(groups));
  std::vector<std::int64_t> load(static_cast<std::size_t>(groups), 0);
  for (std::size_t j : order) {
    const auto g = static_cast<std::size_t>(std::min_element(load.begin(), load.end()) - load.begin());
    out[g].push_back(j);
    // An empty incident still costs something: count it as one.
    load[g] += std::max<std::int64_t>(jobs[j].size, 1);
  }
  return out;
}

}  // namespace moce::eval
