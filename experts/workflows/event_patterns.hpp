// Workflow 4 (sec. 5.1): event patterns in context-filtered sessions. Each alert session's flow
// context as a sequence of event tokens, with the session's window and whether its KPI was a
// bad outcome (binary KPIs by value; real KPIs beyond the historical p90, or p10 when higher is
// better), gathered in session order so the same sequences are on every rank.
//
// The token map M is the event name; the filter F drops network plumbing, decided from the data,
// not from event names: an event type is ignored when at least 90% of its rows carry a URL and
// its rows are requests (no status) or mostly successful responses. Error events that carry a
// URL (a CORS error, a timeout) stay, so patterns like buy_plan>web_cors_error>timeout_error
// remain visible whatever the events are called.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "experts/core/incident_input.hpp"
#include "operators/data/dictionary.hpp"
#include "operators/data/relation.hpp"
#include "operators/data/sequence.hpp"
#include "operators/stats/code_sequences.hpp"

namespace moce::experts {

struct EventSequences {
  std::vector<std::int32_t> codes;          // event codes, ignored types removed
  std::vector<std::int64_t> offsets{0};     // session i: codes[offsets[i], offsets[i+1])
  std::vector<std::int64_t> rows;           // the session's row in the incident
  std::vector<std::int8_t> window;          // kHistorical or kAnomaly
  std::vector<std::uint8_t> bad;            // the session's KPI was a bad outcome
  std::vector<std::uint8_t> ignored;        // per event code: dropped by the filter F
  DictionaryPtr events;
  double threshold = 0;                     // real KPIs: the bad-outcome threshold

  std::size_t size() const { return rows.size(); }
  std::span<const std::int32_t> at(std::size_t i) const {
    return {codes.data() + offsets[i], static_cast<std::size_t>(offsets[i + 1] - offsets[i])};
  }
  // The sessions that pass `keep(i)`, as an owning copy.
  template <class Keep>
  EventSequences select(Keep keep) const;
  std::size_t bytes() const {
    return sizeof(*this) + codes.size() * 4 + (offsets.size() + rows.size()) * 8 + window.size() + bad.size() +
           ignored.size();
  }
};

template <class Keep>
EventSequences EventSequences::select(Keep keep) const {
  EventSequences out;
  out.ignored = ignored;
  out.events = events;
  out.threshold = threshold;
  for (std::size_t i = 0; i < size(); ++i) {
    if (!keep(i)) continue;
    auto part = at(i);
    out.codes.insert(out.codes.end(), part.begin(), part.end());
    out.offsets.push_back(static_cast<std::int64_t>(out.codes.size()));
    out.rows.push_back(rows[i]);
    out.window.push_back(window[i]);
    out.bad.push_back(bad[i]);
  }
  return out;
}

struct EventPatterns {
  const IncidentInput* input;
  std::string_view name() const { return "event_patterns"; }
  void hash_params(Hasher& hasher) const { hasher.add(input->key()); }
  bool collective() const { return true; }
  // `context`: workflow 3 (parts aligned with `sessions`); `quantiles`: KpiQuantiles {0.1, 0.9}.
  EventSequences run(const Sequence& context, const Relation& sessions, const Relation& quantiles) const;
};

}  // namespace moce::experts
