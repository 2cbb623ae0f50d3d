// Graph::get's machinery: planning what a request needs, computing it in order, committing results
// to the cache.
#include <chrono>
#include <exception>
#include <utility>

#include "runtime/dag/graph.hpp"
#include "runtime/dag/node_error.hpp"
#include "runtime/dag/plan.hpp"
#include "runtime/error.hpp"

namespace moce {

std::shared_ptr<const void> Graph::resolve(NodeId target) {
  if (resolving_) {
    throw UsageError("lazy DAG: get() was called while the graph was resolving another request "
                     "(an operator must not call back into its Graph)");
  }
  Node& node = nodes_[target];
  if (node.cached) {
    ++node.hits;
    ++totals_.hits;
    cache_.touch(nodes_, target);
    return node.value;
  }
  if (node.error) throw_failure(target);

  resolving_ = true;
  struct Done {
    bool& flag;
    ~Done() { flag = false; }
  } done{resolving_};
  Plan request;
  plan(target, request);
  first_failure_ = kNoFailure;
  cache_.pin(nodes_, target);
  try {
    if (pool_ && request.order.size() > 1) execute_parallel(request); else execute_serial(request);
  } catch (...) {
    cache_.unpin(nodes_, target);
    throw;
  }
  std::shared_ptr<const void> result = node.value;
  cache_.unpin(nodes_, target);
  totals_.evictions += cache_.evict_over_limit(nodes_);
  if (!result) throw_failure(node.error ? target : request.order[first_failure_]);
  return result;
}

void Graph::plan(NodeId target, Plan& request) {
  ++epoch_;
  // Explicit stack of (node, next input to visit): chains of any length, no recursion.
  std::vector<std::pair<NodeId, std::size_t>> stack;
  auto visit = [&](NodeId id) {
    Node& node = nodes_[id];
    if (node.epoch == epoch_) return;
    node.epoch = epoch_;
    if (node.cached) {
      ++node.hits;
      ++totals_.hits;
      cache_.touch(nodes_, id);
    } else if (!node.error) {
      ++node.misses;
      ++totals_.misses;
      stack.emplace_back(id, 0);
    }
  };
  visit(target);
  while (!stack.empty()) {
    const NodeId id = stack.back().first;
    const std::size_t next = stack.back().second;
    Node& node = nodes_[id];
    if (next < node.inputs.size()) {
      ++stack.back().second;
      visit(node.inputs[next]);
    } else {
      node.plan_index = static_cast<std::uint32_t>(request.order.size());
      request.order.push_back(id);
      stack.pop_back();
    }
  }
  // Every input stays pinned until its last consumer in this plan is committed.
  for (NodeId id : request.order) {
    for (NodeId input : nodes_[id].inputs) cache_.pin(nodes_, input);
  }
}

void Graph::compute(NodeId id) {
  Node& node = nodes_[id];
  for (NodeId input : node.inputs) {
    const Node& in = nodes_[input];
    if (in.error) {
      node.error = in.error;
      node.error_origin = in.error_origin;
      return;
    }
    if (!in.value) return;  // the input was skipped: skip this node too (no value, no error)
  }
  // After a failure in this request, collective nodes are skipped, not failed: they carry no
  // error of their own and run normally in a later request.
  if (node.collective && first_failure_ < node.plan_index) return;
  const auto start = std::chrono::steady_clock::now();
  try {
    std::size_t bytes = 0;
    node.value = node.task->run(nodes_, &bytes);
    node.bytes = bytes;
  } catch (...) {
    node.error = std::current_exception();
    node.error_origin = id;
    std::uint32_t seen = first_failure_;
    while (node.plan_index < seen && !first_failure_.compare_exchange_weak(seen, node.plan_index)) {
    }
  }
  node.seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  ++node.computations;
}

void Graph::commit(NodeId id) {
  Node& node = nodes_[id];
  if (node.value) {
    cache_.insert(nodes_, id);
    ++totals_.computations;
    if (node.computations > 1) ++totals_.recomputations;
  } else if (node.error_origin == id) {
    ++totals_.computations;
    ++totals_.failures;
    if (node.computations > 1) ++totals_.recomputations;
  }
  for (NodeId input : node.inputs) cache_.unpin(nodes_, input);
  totals_.evictions += cache_.evict_over_limit(nodes_);
}

void Graph::execute_serial(const Plan& request) {
  for (NodeId id : request.order) {
    compute(id);
    commit(id);
  }
}

void Graph::throw_failure(NodeId id) const {
  const Node& node = nodes_[id];
  const Node& origin = nodes_[node.error_origin];
  throw_node_error(node.name, node.key, origin.name, origin.key, node.error);
}

}  // namespace moce
