// LazyActor: an object with calibrated parameters (an expert) whose method calls are lazy tasks
// (the paper's lazy_actor, Fig. 7). The actor's name and parameters enter every method node's key,
// so two experts of one class with different calibrations never share a node.
//
//   struct ThresholdExpert {                        // immutable: parameters only
//     double threshold = 3.0;
//     std::string_view name() const { return "threshold_expert"; }
//     void hash_params(moce::Hasher& h) const { h.add(threshold); }
//     Leads find_root_causes(const Relation& cohorts) const;   // inputs as const T&
//   };
//   moce::LazyActor expert(graph, ThresholdExpert{2.5});
//   moce::Lazy<Leads> leads = expert.call("find_root_causes", &ThresholdExpert::find_root_causes, cohorts);
//
// The method name is given as text because a member pointer has no stable spelling to hash.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>

#include "runtime/dag/graph.hpp"
#include "runtime/dag/hash.hpp"
#include "runtime/dag/operator.hpp"

namespace moce {

// The operator behind one actor method call: "<actor name>.<method>" with the actor's parameters.
template <class A, class MemberFn>
class ActorMethod {
 public:
  ActorMethod(std::shared_ptr<const A> actor, std::string_view method, MemberFn fn, bool collective)
      : actor_(std::move(actor)), fn_(fn), collective_(collective) {
    name_ = std::string(std::string_view(actor_->name()));
    name_ += '.';
    name_ += method;
  }
  std::string_view name() const { return name_; }
  void hash_params(Hasher& hasher) const { hash_operator_params(*actor_, hasher); }
  bool collective() const { return collective_; }
  template <class... Inputs>
  auto run(const Inputs&... inputs) const {
    return std::invoke(fn_, *actor_, inputs...);
  }

 private:
  std::shared_ptr<const A> actor_;
  std::string name_;
  MemberFn fn_;
  bool collective_;
};

template <Operator A>
class LazyActor {
 public:
  LazyActor(Graph& graph, A actor) : graph_(&graph), actor_(std::make_shared<const A>(std::move(actor))) {}

  // Records actor.method(args...) as a lazy task; args as in Graph::call.
  template <class Method, class... Args>
  auto call(std::string_view method, Method A::*fn, Args&&... args) const {
    return graph_->call(ActorMethod<A, Method A::*>(actor_, method, fn, false), std::forward<Args>(args)...);
  }
  // The same for a method that calls MPI collectives (runs on the calling thread, in plan order).
  template <class Method, class... Args>
  auto call_collective(std::string_view method, Method A::*fn, Args&&... args) const {
    return graph_->call(ActorMethod<A, Method A::*>(actor_, method, fn, true), std::forward<Args>(args)...);
  }

  const A& actor() const { return *actor_; }
  Graph& graph() const { return *graph_; }

 private:
  Graph* graph_;
  std::shared_ptr<const A> actor_;
};

}  // namespace moce
