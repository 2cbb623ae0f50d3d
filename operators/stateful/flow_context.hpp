// FlowContext: the context windows of sec. 4.1 / Fig. 4b: in each session of the impacted
// cohort, the events of a flow (from its start event to its end event) that begins inside the
// anomaly window.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <string>
#include <vector>

#include "operators/data/sequence.hpp"
#include "runtime/dag/hash.hpp"

namespace moce {

// One window: rows [begin, end) of the events' relation, inside part (session) `part`.
struct FlowWindow {
  std::int64_t part = 0;
  std::int64_t begin = 0;
  std::int64_t end = 0;
  bool operator==(const FlowWindow&) const = default;
};

// Rules, per session (part) whose sessions row is in `cohort` ("" = everyone):
// - with a start event: scanning in time order, a start event opens a window (a start inside an
//   open window is part of it), the next end event closes it and is included; a window still
//   open at the session's end runs to the session's last event (the flow never finished, which
//   is itself a symptom). Several windows per session are possible. A window is kept whole if
//   its start event's time is in the anomaly window [t0, t1), so flows are never cut in half.
//   Several end events may close a flow (e.g. "render" or "error"): the first of any closes it.
//   A start event absent from the events' dictionary is an Error (a misspelt flow would give
//   no windows and look like a clean session); an absent end event never occurs, so it closes
//   nothing (with no end event present, windows run to session end).
// - with an empty start event (no flow context): the window is the session's events with times
//   in [t0, t1) (contiguous, as parts are time-ordered).
class FlowContext {
 public:
  FlowContext(std::string start_event, std::string end_event, double t0, double t1, std::string cohort,
              std::string event_column = "event", std::string time_column = "ts");
  // A flow that ends on any of `end_events` (empty: none, windows run to session end).
  FlowContext(std::string start_event, std::vector<std::string> end_events, double t0, double t1, std::string cohort,
              std::string event_column = "event", std::string time_column = "ts");
  // So that FlowContext("start", {"end", "error"}, ...) picks the list (a braced pair of
  // literals would otherwise also read as a std::string's iterator range: ambiguous).
  FlowContext(std::string start_event, std::initializer_list<std::string> end_events, double t0, double t1,
              std::string cohort, std::string event_column = "event", std::string time_column = "ts")
      : FlowContext(std::move(start_event), std::vector<std::string>(end_events), t0, t1, std::move(cohort),
                    std::move(event_column), std::move(time_column)) {}
  std::string name() const;
  void hash_params(Hasher& h) const {
    h.add(start_);
    h.add(ends_);
    h.add(t0_);
    h.add(t1_);
    h.add(cohort_);
    h.add(event_column_);
    h.add(time_column_);
  }

  // `sessions` row i describes part i of `events` (their counts must agree; Error otherwise).
  std::vector<FlowWindow> windows(const Sequence& events, const Relation& sessions) const;
  // The windowed events as a sequence with the same parts (sessions outside the cohort or with
  // no window are empty).
  Sequence run(const Sequence& events, const Relation& sessions) const;

 private:
  std::string start_;
  std::vector<std::string> ends_;
  double t0_, t1_;
  std::string cohort_, event_column_, time_column_;
};

}  // namespace moce
