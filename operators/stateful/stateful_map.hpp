// StatefulMap (sec. 4.1 Psi_f): per part, a user transition function run over the part's rows
// in order, carrying a user state and emitting output values; the outputs form a new sequence.
#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <vector>

#include "operators/data/sequence.hpp"
#include "runtime/dag/hash.hpp"

namespace moce {

// Values of type Out partitioned like a sequence: part i is values[offsets[i], offsets[i+1]).
template <class Out>
struct PartValues {
  std::vector<Out> values;
  std::vector<std::int64_t> offsets{0};

  std::size_t num_parts() const { return offsets.size() - 1; }
  std::span<const Out> part(std::size_t i) const {
    return {values.data() + offsets[i], static_cast<std::size_t>(offsets[i + 1] - offsets[i])};
  }
};

// Every part starts from a copy of `initial`; `step(state, part, row, emit)` sees row `row` of
// the part (a zero-copy relation) and appends any outputs to `emit`; `finish(state, part, emit)`
// (optional) runs after the part's last row, e.g. to close a window left open.
template <class State, class Out>
class StatefulMap {
 public:
  using Step = std::function<void(State&, const Relation& part, std::size_t row, std::vector<Out>& emit)>;
  using Finish = std::function<void(State&, const Relation& part, std::vector<Out>& emit)>;

  // A std::function has no stable identity, so the node key is made of `identity` (naming the
  // functions), the initial state (State must be hashable, see hash.hpp) and whatever bind()
  // adds: two maps that differ in any of these are different nodes. A value the functions
  // capture must be in the identity or bound, or two different maps would share a result.
  StatefulMap(std::string identity, State initial, Step step, Finish finish = {})
      : name_(std::move(identity)), initial_(std::move(initial)), step_(std::move(step)), finish_(std::move(finish)) {}
  std::string name() const { return "stateful_map(" + name_ + ")"; }
  void hash_params(Hasher& h) const {
    h.add(name_);
    h.add(initial_);
    h.add_u64(bound_);
  }
  // A copy whose key also covers `params` (the values the functions capture).
  template <class... Params>
  StatefulMap bind(const Params&... params) const {
    StatefulMap out = *this;
    Hasher h;
    h.add_u64(bound_);
    (h.add(params), ...);
    out.bound_ = h.key();
    return out;
  }

  PartValues<Out> run(const Sequence& events) const {
    PartValues<Out> out;
    out.offsets.reserve(events.num_parts() + 1);
    for (std::size_t p = 0; p < events.num_parts(); ++p) {
      Relation part = events.part(p);
      State state = initial_;
      for (std::size_t r = 0; r < part.num_rows(); ++r) step_(state, part, r, out.values);
      if (finish_) finish_(state, part, out.values);
      out.offsets.push_back(static_cast<std::int64_t>(out.values.size()));
    }
    return out;
  }

 private:
  std::string name_;
  State initial_;
  Step step_;
  Finish finish_;
  Key bound_ = 0;
};

}  // namespace moce
