// BoundTask: an operator with its arguments bound; how each argument kind (plain value, Lazy<U>,
// std::vector<Lazy<U>>) is stored, hashed into the node key, and resolved into an input for run().
#pragma once

#include <cstddef>
#include <deque>
#include <functional>
#include <memory>
#include <string>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include "runtime/dag/bytes_of.hpp"
#include "runtime/dag/hash.hpp"
#include "runtime/dag/lazy.hpp"
#include "runtime/dag/node.hpp"

namespace moce::detail {

// A plain value: stored in the node, hashed by value, passed to run() as const V&.
template <class V>
struct ValueSlot {
  V value;
  static constexpr std::uint8_t kTag = 0;
  const V& resolve(const std::deque<Node>& /*nodes*/) const { return value; }
  void collect_inputs(std::vector<NodeId>& /*inputs*/) const {}
};

// A handle: stored as a node id, hashed by the input's key, passed to run() as const U&.
template <class U>
struct HandleSlot {
  NodeId id;
  static constexpr std::uint8_t kTag = 1;
  const U& resolve(const std::deque<Node>& nodes) const {
    return *static_cast<const U*>(nodes[id].value.get());
  }
  void collect_inputs(std::vector<NodeId>& inputs) const { inputs.push_back(id); }
};

// A list of handles (e.g. every expert's leads into the combiner): passed to run() as
// std::vector<std::reference_wrapper<const U>>, so `for (const U& x : inputs)` reads them.
template <class U>
struct ListSlot {
  std::vector<NodeId> ids;
  static constexpr std::uint8_t kTag = 2;
  std::vector<std::reference_wrapper<const U>> resolve(const std::deque<Node>& nodes) const {
    std::vector<std::reference_wrapper<const U>> out;
    out.reserve(ids.size());
    for (NodeId id : ids) out.emplace_back(*static_cast<const U*>(nodes[id].value.get()));
    return out;
  }
  void collect_inputs(std::vector<NodeId>& inputs) const { inputs.insert(inputs.end(), ids.begin(), ids.end()); }
};

template <class A>
struct SlotOf {
  using type = ValueSlot<A>;
};
template <>
struct SlotOf<const char*> {
  using type = ValueSlot<std::string>;
};
template <>
struct SlotOf<char*> {
  using type = ValueSlot<std::string>;
};
template <class U>
struct SlotOf<Lazy<U>> {
  using type = HandleSlot<U>;
};
template <class U, class Alloc>
struct SlotOf<std::vector<Lazy<U>, Alloc>> {
  using type = ListSlot<U>;
};

template <class A>
using SlotFor = typename SlotOf<std::decay_t<A>>::type;

// The input type run() sees for an argument of type A.
template <class A>
using InputFor = decltype(std::declval<const SlotFor<A>&>().resolve(std::declval<const std::deque<Node>&>()));

template <class Op, class... Args>
using ResultOf = std::decay_t<decltype(std::declval<const Op&>().run(std::declval<InputFor<Args>>()...))>;

template <class Op, class... Slots>
class BoundTask final : public NodeTask {
 public:
  BoundTask(Op op, Slots... slots) : op_(std::move(op)), slots_(std::move(slots)...) {}

  std::shared_ptr<const void> run(const std::deque<Node>& nodes, std::size_t* bytes) const override {
    auto result = std::apply(
        [&](const Slots&... slot) {
          using R = std::decay_t<decltype(op_.run(slot.resolve(nodes)...))>;
          return std::make_shared<const R>(op_.run(slot.resolve(nodes)...));
        },
        slots_);
    *bytes = bytes_of(*result);
    return result;
  }

  void collect_inputs(std::vector<NodeId>& inputs) const {
    std::apply([&](const Slots&... slot) { (slot.collect_inputs(inputs), ...); }, slots_);
  }

 private:
  Op op_;
  std::tuple<Slots...> slots_;
};

}  // namespace moce::detail
