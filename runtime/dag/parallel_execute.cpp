// Graph::execute_parallel: one get()'s plan on the thread pool. Independent nodes run concurrently;
// collective nodes run on the calling thread in plan order; results are committed in plan order,
// so the cache (and every later request) evolves exactly as in a serial run.
#include <algorithm>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <vector>

#include "runtime/dag/graph.hpp"
#include "runtime/dag/plan.hpp"
#include "runtime/dag/thread_pool.hpp"

namespace moce {

void Graph::execute_parallel(const Plan& request) {
  const std::size_t n = request.order.size();
  std::vector<std::uint32_t> pending(n, 0);           // inputs of entry i not yet computed
  std::vector<std::vector<std::uint32_t>> consumers(n);
  std::vector<std::uint32_t> collectives;             // entries of collective nodes, plan order
  std::deque<std::uint32_t> ready;                    // non-collective entries free to run
  for (std::uint32_t i = 0; i < n; ++i) {
    const Node& node = nodes_[request.order[i]];
    for (NodeId input : node.inputs) {
      const Node& in = nodes_[input];
      // An input belongs to this plan iff it was visited now and is neither cached nor failed.
      if (in.epoch == epoch_ && !in.cached && !in.error && in.plan_index < i &&
          request.order[in.plan_index] == input) {
        ++pending[i];
        consumers[in.plan_index].push_back(i);
      }
    }
    if (node.collective) collectives.push_back(i);
    else if (pending[i] == 0) ready.push_back(i);
  }

  std::mutex mutex;
  std::condition_variable changed;
  std::vector<char> computed(n, 0);
  std::size_t computed_count = 0;
  std::size_t active_workers = 0;

  // Called with the lock held after entry i was computed.
  auto finish = [&](std::uint32_t i) {
    computed[i] = 1;
    ++computed_count;
    for (std::uint32_t consumer : consumers[i]) {
      if (--pending[consumer] == 0 && !nodes_[request.order[consumer]].collective) ready.push_back(consumer);
    }
    changed.notify_all();
  };

  const std::size_t workers = std::min(pool_->size(), n - 1);
  active_workers = workers;
  for (std::size_t w = 0; w < workers; ++w) {
    pool_->submit([&] {
      std::unique_lock lock(mutex);
      for (;;) {
        changed.wait(lock, [&] { return !ready.empty() || computed_count == n; });
        if (ready.empty()) break;
        const std::uint32_t i = ready.front();
        ready.pop_front();
        lock.unlock();
        compute(request.order[i]);
        lock.lock();
        finish(i);
      }
      --active_workers;
      changed.notify_all();
    });
  }

  // The calling thread commits in plan order, runs collectives in plan order, and otherwise helps.
  std::size_t next_commit = 0;
  std::size_t next_collective = 0;
  std::unique_lock lock(mutex);
  while (next_commit < n) {
    if (computed[next_commit]) {
      commit(request.order[next_commit++]);
      continue;
    }
    std::uint32_t i = 0;
    // A collective starts only once every earlier node of the plan is committed (see first_failure_).
    if (next_collective < collectives.size() && collectives[next_collective] == next_commit) {
      i = collectives[next_collective++];
    } else if (!ready.empty()) {
      i = ready.front();
      ready.pop_front();
    } else {
      changed.wait(lock);
      continue;
    }
    lock.unlock();
    compute(request.order[i]);
    lock.lock();
    finish(i);
  }
  changed.wait(lock, [&] { return active_workers == 0; });
}

}  // namespace moce
