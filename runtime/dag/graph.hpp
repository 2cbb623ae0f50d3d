// Graph: the lazy DAG of MoCE (paper sec. 4.2, 5.3). call() records a lazy task and returns a
// handle; get() computes what the handle needs, once per distinct node, and caches the results.
//
//   moce::Graph graph({.cache_bytes = 1 << 30, .eviction = moce::EvictionPolicy::kLru});
//   moce::Lazy<Relation> sessions = graph.call(ReadSessions{corpus, incident});
//   moce::Lazy<Relation> cohorts = graph.call(GroupBy{{"isp", "city"}, "login_ms"}, sessions);
//   std::shared_ptr<const Relation> table = graph.get(cohorts);   // runs ReadSessions, GroupBy
//
// Semantics a user relies on:
// - Hash-consing: a node's key hashes the operator's name, its parameters and its inputs (values
//   by value, handles by key; hash.hpp). The same call made twice, by one expert or two, returns
//   the same node. stats().calls counts calls, stats().nodes distinct nodes.
// - Laziness: call() runs nothing. get() runs exactly the nodes the handle depends on that are
//   not cached, each once per get(), inputs before consumers, without recursion (any depth).
// - Deterministic order: get() plans its nodes by a depth-first walk from the handle over the
//   inputs in argument order and computes them in that walk's post-order. With threads > 1,
//   independent nodes run concurrently, but collective operators run on the calling thread in
//   plan order, and results enter the cache (and evictions happen) in plan order: so the order
//   of collective operators and the cache state are a function of the sequence of calls and
//   gets alone, the same on every rank of an SPMD group (which builds the same DAG).
// - Failures: an operator that throws leaves its exception on the node. get() of that node, or
//   of anything depending on it, throws NodeError naming the node (and the failed input), with
//   the original exception nested. A failed node is not retried: its error is part of its value.
// - Cache: results are charged bytes_of(result) against Options::cache_bytes and evicted in
//   policy order; nodes pinned by a Pin, by the running get() (its target, and every input until
//   its last consumer in the plan is done) are never evicted. An evicted node is recomputed on
//   demand and counted in stats().recomputations.
// - Naive mode (Mode::kNaive) is the paper's baseline of monolithic programs: no sharing between
//   calls (every call is a new node) and no cache between gets (cache_bytes is 0), so every get()
//   recomputes its whole cone. Run each expert in its own naive Graph (see mixture_run.hpp).
// - One thread drives a Graph (call, get, pin); operators must not call back into their Graph.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <string_view>
#include <type_traits>
#include <typeinfo>
#include <utility>
#include <vector>

#include "runtime/dag/bound_task.hpp"
#include "runtime/dag/cache.hpp"
#include "runtime/dag/hash.hpp"
#include "runtime/dag/key_index.hpp"
#include "runtime/dag/lazy.hpp"
#include "runtime/dag/node.hpp"
#include "runtime/dag/operator.hpp"
#include "runtime/dag/stats.hpp"

namespace moce {

class ThreadPool;

enum class Mode {
  kLazy,   // shared nodes, cached results
  kNaive,  // every call its own node, nothing kept between gets
};

class Graph {
 public:
  static constexpr std::size_t kUnlimited = Cache::kUnlimited;

  struct Options {
    Mode mode = Mode::kLazy;
    std::size_t cache_bytes = kUnlimited;  // ignored (0) in naive mode
    EvictionPolicy eviction = EvictionPolicy::kLru;
    int threads = 1;  // > 1: independent nodes of one get() run concurrently
  };

  // Keeps a node's result in the cache while it lives (once computed).
  class Pin {
   public:
    Pin() = default;
    Pin(Pin&& other) noexcept : graph_(std::exchange(other.graph_, nullptr)), id_(other.id_) {}
    Pin& operator=(Pin&& other) noexcept;
    Pin(const Pin&) = delete;
    Pin& operator=(const Pin&) = delete;
    ~Pin() { release(); }
    void release() noexcept;

   private:
    friend class Graph;
    Pin(Graph* graph, NodeId id) : graph_(graph), id_(id) {}
    Graph* graph_ = nullptr;
    NodeId id_ = kNoNode;
  };

  Graph();
  explicit Graph(Options options);
  ~Graph();
  Graph(const Graph&) = delete;
  Graph& operator=(const Graph&) = delete;

  // Records op(args...) and returns its handle; computes nothing. Each argument is a plain value
  // (hashed by value), a Lazy<U> (run() receives const U&) or a std::vector<Lazy<U>> (run()
  // receives std::vector<std::reference_wrapper<const U>>).
  template <Operator Op, class... Args>
  Lazy<detail::ResultOf<Op, Args...>> call(const Op& op, Args&&... args);

  // Computes what the handle needs (see above) and returns its value; throws NodeError if it failed.
  template <class T>
  std::shared_ptr<const T> get(const Lazy<T>& handle) {
    check_handle(handle.graph(), handle.id());
    return std::static_pointer_cast<const T>(resolve(handle.id()));
  }

  template <class T>
  Pin pin(const Lazy<T>& handle) {
    check_handle(handle.graph(), handle.id());
    cache_.pin(nodes_, handle.id());
    return Pin(this, handle.id());
  }

  template <class T>
  bool is_cached(const Lazy<T>& handle) const {
    check_handle(handle.graph(), handle.id());
    return nodes_[handle.id()].cached;
  }

  GraphStats stats() const;
  NodeStats node_stats(NodeId id) const;
  template <class T>
  NodeStats node_stats(const Lazy<T>& handle) const {
    check_handle(handle.graph(), handle.id());
    return node_stats(handle.id());
  }
  std::size_t size() const { return nodes_.size(); }
  // The input nodes of node `id`, in argument order (to draw the DAG).
  const std::vector<NodeId>& node_inputs(NodeId id) const;
  const Options& options() const { return options_; }

 private:
  struct Plan;

  NodeId find(Key key, const std::type_info& type, std::string_view name) const;
  NodeId add_node(Key key, std::string_view name, const std::type_info& type, std::unique_ptr<NodeTask> task,
                  std::vector<NodeId> inputs, bool collective);
  void check_handle(const Graph* owner, NodeId id) const;
  void unpin(NodeId id) noexcept;

  std::shared_ptr<const void> resolve(NodeId target);
  void plan(NodeId target, Plan& plan);
  void compute(NodeId id);
  void commit(NodeId id);
  void execute_serial(const Plan& plan);
  void execute_parallel(const Plan& plan);
  [[noreturn]] void throw_failure(NodeId id) const;

  template <class A>
  void check_arg(const A& arg) const;
  template <class A>
  static void hash_arg(Hasher& hasher, const A& arg);
  template <class A>
  static detail::SlotFor<A> make_slot(A&& arg);

  Options options_;
  std::deque<Node> nodes_;  // stable addresses; a NodeId indexes it
  KeyIndex index_;  // lazy mode only
  Cache cache_;
  std::unique_ptr<ThreadPool> pool_;
  std::uint64_t epoch_ = 0;
  bool resolving_ = false;
  // Plan index of the earliest node of the running get() whose operator threw. A collective node
  // later in the plan is skipped (with its consumers): the failing rank of an SPMD group must not
  // enter collectives its healthy peers are not in, but return at once, where main() aborts the
  // job with its message. Collectives start only after every earlier node of the plan is done,
  // so the decision depends on the plan alone, never on thread timing.
  std::atomic<std::uint32_t> first_failure_{kNoFailure};
  static constexpr std::uint32_t kNoFailure = ~std::uint32_t{0};
  GraphStats totals_;  // calls, computations, recomputations, hits, misses, evictions, failures
};

template <class A>
void Graph::check_arg(const A& arg) const {
  using S = detail::SlotFor<A>;
  if constexpr (S::kTag == 1) {
    check_handle(arg.graph(), arg.id());
  } else if constexpr (S::kTag == 2) {
    for (const auto& handle : arg) check_handle(handle.graph(), handle.id());
  }
}

template <class A>
void Graph::hash_arg(Hasher& hasher, const A& arg) {
  using S = detail::SlotFor<A>;
  hasher.add_u8(S::kTag);
  if constexpr (S::kTag == 1) {
    hasher.add_u64(arg.key());
  } else if constexpr (S::kTag == 2) {
    hasher.add_u64(arg.size());
    for (const auto& handle : arg) hasher.add_u64(handle.key());
  } else {
    hasher.add(arg);
  }
}

template <class A>
detail::SlotFor<A> Graph::make_slot(A&& arg) {
  using S = detail::SlotFor<A>;
  if constexpr (S::kTag == 1) {
    return S{arg.id()};
  } else if constexpr (S::kTag == 2) {
    S slot;
    slot.ids.reserve(arg.size());
    for (const auto& handle : arg) slot.ids.push_back(handle.id());
    return slot;
  } else {
    return S{std::forward<A>(arg)};
  }
}

template <Operator Op, class... Args>
Lazy<detail::ResultOf<Op, Args...>> Graph::call(const Op& op, Args&&... args) {
  using R = detail::ResultOf<Op, Args...>;
  static_assert(!std::is_void_v<R>, "a lazy task must return a value");
  (check_arg(args), ...);
  const auto name = op.name();
  Hasher hasher;
  hasher.add_string(std::string_view(name));
  hash_operator_params(op, hasher);
  hasher.add_u64(sizeof...(Args));
  (hash_arg(hasher, args), ...);
  const Key key = hasher.key();
  ++totals_.calls;
  if (options_.mode == Mode::kLazy) {
    const NodeId found = find(key, typeid(R), name);
    if (found != kNoNode) return Lazy<R>(this, found, key);
  }
  auto task = std::make_unique<detail::BoundTask<Op, detail::SlotFor<Args>...>>(
      op, make_slot(std::forward<Args>(args))...);
  std::vector<NodeId> inputs;
  task->collect_inputs(inputs);
  const NodeId id = add_node(key, name, typeid(R), std::move(task), std::move(inputs), is_collective(op));
  return Lazy<R>(this, id, key);
}

}  // namespace moce
