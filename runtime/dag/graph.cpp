// Graph: construction, the hash-consing index, pins and the statistics.
#include "runtime/dag/graph.hpp"

#include "runtime/dag/node_error.hpp"
#include "runtime/dag/thread_pool.hpp"
#include "runtime/error.hpp"

namespace moce {

namespace {
Graph::Options checked(Graph::Options options) {
  if (options.threads < 1) {
    throw ConfigError(cat("lazy DAG: threads must be at least 1, got ", options.threads));
  }
  if (options.mode == Mode::kNaive) options.cache_bytes = 0;
  return options;
}
}  // namespace

Graph::Graph() : Graph(Options{}) {}

Graph::Graph(Options options)
    : options_(checked(options)), cache_(options_.cache_bytes, options_.eviction) {
  if (options_.threads > 1) pool_ = std::make_unique<ThreadPool>(static_cast<std::size_t>(options_.threads - 1));
}

Graph::~Graph() = default;

NodeId Graph::find(Key key, const std::type_info& type, std::string_view name) const {
  const NodeId id = index_.find(key);
  if (id == kNoNode) return kNoNode;
  const Node& node = nodes_[id];
  // Equal keys with a different name or result type can only be a 64-bit hash collision.
  MOCE_ASSERT(*node.type == type && node.name == name, "lazy DAG: key ", key_hex(key), " of '", name,
              "' collides with node '", node.name, "'");
  return id;
}

NodeId Graph::add_node(Key key, std::string_view name, const std::type_info& type, std::unique_ptr<NodeTask> task,
                       std::vector<NodeId> inputs, bool collective) {
  MOCE_ASSERT(nodes_.size() < kNoNode, "lazy DAG: too many nodes");
  const auto id = static_cast<NodeId>(nodes_.size());
  Node& node = nodes_.emplace_back();
  node.name = name;
  node.key = key;
  node.type = &type;
  node.task = std::move(task);
  node.inputs = std::move(inputs);
  node.collective = collective;
  if (options_.mode == Mode::kLazy) index_.insert(key, id);
  return id;
}

void Graph::check_handle(const Graph* owner, NodeId id) const {
  if (owner == nullptr) throw UsageError("lazy DAG: an empty Lazy<T> handle was used");
  if (owner != this) throw UsageError("lazy DAG: a handle of another Graph was used");
  MOCE_ASSERT(id < nodes_.size(), "lazy DAG: handle with node id ", id, " out of range");
}

void Graph::unpin(NodeId id) noexcept {
  if (nodes_[id].pins > 0) cache_.unpin(nodes_, id);
  if (!resolving_) totals_.evictions += cache_.evict_over_limit(nodes_);
}

Graph::Pin& Graph::Pin::operator=(Pin&& other) noexcept {
  if (this != &other) {
    release();
    graph_ = std::exchange(other.graph_, nullptr);
    id_ = other.id_;
  }
  return *this;
}

void Graph::Pin::release() noexcept {
  if (graph_ != nullptr) std::exchange(graph_, nullptr)->unpin(id_);
}

GraphStats Graph::stats() const {
  GraphStats stats = totals_;
  stats.nodes = nodes_.size();
  stats.cached_bytes = cache_.bytes();
  stats.peak_cached_bytes = cache_.peak_bytes();
  stats.seconds = 0;
  for (const Node& node : nodes_) stats.seconds += node.seconds;
  return stats;
}

const std::vector<NodeId>& Graph::node_inputs(NodeId id) const {
  MOCE_ASSERT(id < nodes_.size(), "lazy DAG: node id ", id, " out of range");
  return nodes_[id].inputs;
}

NodeStats Graph::node_stats(NodeId id) const {
  MOCE_ASSERT(id < nodes_.size(), "lazy DAG: node id ", id, " out of range");
  const Node& node = nodes_[id];
  NodeStats stats;
  stats.name = node.name;
  stats.key = node.key;
  stats.seconds = node.seconds;
  stats.bytes = node.bytes;
  stats.computations = node.computations;
  stats.hits = node.hits;
  stats.misses = node.misses;
  stats.evictions = node.evictions;
  stats.failed = static_cast<bool>(node.error);
  return stats;
}

}  // namespace moce
