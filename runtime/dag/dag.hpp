// The lazy DAG runtime in one include: Graph and Lazy<T>, operators and make_task, LazyActor,
// NodeError, JSON export, and lazy-vs-naive measurement.
#pragma once

#include "runtime/dag/actor.hpp"
#include "runtime/dag/graph.hpp"
#include "runtime/dag/mixture_run.hpp"
#include "runtime/dag/node_error.hpp"
#include "runtime/dag/stats_json.hpp"
