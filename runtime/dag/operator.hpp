// What the lazy DAG runtime asks of an operator, and make_task(), which turns a plain function and
// its parameters into one.
//
// An operator is an immutable value: a name, parameters, and a const `run` over its inputs.
//
//   struct Scale {                                       // one operator, one struct
//     double factor = 1.0;                               // its parameters
//     std::string_view name() const { return "scale"; }
//     void hash_params(moce::Hasher& h) const { h.add(factor); }  // parameters enter the node key
//     double run(double x) const { return factor * x; }  // inputs arrive as const T&
//   };
//   moce::Lazy<double> y = graph.call(Scale{2.0}, x);    // x: a Lazy<double> or a plain double
//
// Optional members: `hash_params` (omit it only if the operator has no parameters) and
// `bool collective() const` (true for operators that call MPI collectives: the runtime then runs
// them on the calling thread, in the same order on every rank). `run` must be a pure function of
// the parameters and inputs; anything it depends on (a corpus path, a seed) is a parameter.
#pragma once

#include <concepts>
#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>

#include "runtime/dag/hash.hpp"

namespace moce {

template <class Op>
concept Operator = std::copy_constructible<Op> && requires(const Op& op) {
  { op.name() } -> std::convertible_to<std::string_view>;
};

// Adds the operator's parameters to a node key (nothing for an operator without parameters).
template <Operator Op>
void hash_operator_params(const Op& op, Hasher& hasher) {
  if constexpr (requires { op.hash_params(hasher); }) op.hash_params(hasher);
}

template <Operator Op>
bool is_collective(const Op& op) {
  if constexpr (requires { { op.collective() } -> std::convertible_to<bool>; }) {
    return static_cast<bool>(op.collective());
  } else {
    return false;
  }
}

// A function object plus a name and parameters; run(inputs...) calls fn(params..., inputs...), so
// every value the function depends on is a hashed parameter rather than a hidden capture.
//   auto scale = moce::make_task("scale", [](double f, double x) { return f * x; }, 2.0);
//   moce::Lazy<double> y = graph.call(scale, x);
template <class Fn, class... Params>
class FunctionTask {
 public:
  FunctionTask(std::string name, Fn fn, std::tuple<Params...> params, bool collective)
      : name_(std::move(name)), fn_(std::move(fn)), params_(std::move(params)), collective_(collective) {}

  std::string_view name() const { return name_; }
  void hash_params(Hasher& hasher) const {
    std::apply([&hasher](const auto&... param) { (hasher.add(param), ...); }, params_);
  }
  bool collective() const { return collective_; }

  template <class... Inputs>
  auto run(const Inputs&... inputs) const {
    return std::apply([&](const auto&... param) { return std::invoke(fn_, param..., inputs...); },
                      params_);
  }

 private:
  std::string name_;
  Fn fn_;
  std::tuple<Params...> params_;
  bool collective_;
};

template <class Fn, class... Params>
FunctionTask<std::decay_t<Fn>, std::decay_t<Params>...> make_task(std::string name, Fn&& fn,
                                                                  Params&&... params) {
  return {std::move(name), std::forward<Fn>(fn), {std::forward<Params>(params)...}, false};
}

// The same for a function that calls MPI collectives (see `collective()` above).
template <class Fn, class... Params>
FunctionTask<std::decay_t<Fn>, std::decay_t<Params>...> make_collective_task(std::string name, Fn&& fn,
                                                                             Params&&... params) {
  return {std::move(name), std::forward<Fn>(fn), {std::forward<Params>(params)...}, true};
}

}  // namespace moce
