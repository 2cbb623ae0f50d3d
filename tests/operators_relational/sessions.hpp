// Seeded event tables for the stateful operator tests: sessions of events with names from a
// small dictionary, in shuffled row order.
#pragma once

#include <algorithm>
#include <cstdint>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "operators/data/relation.hpp"

namespace moce::test {

inline DictionaryPtr event_dictionary() {
  static const DictionaryPtr events = std::make_shared<const Dictionary>(
      std::vector<std::string>{"open", "login_start", "request", "response", "login_end", "error", "click", "close"},
      "event");
  return events;
}

// Events of `sessions` sessions (0..sessions-1), 0..max_events each, ts integral in [0, 100)
// (so ties happen), event codes uniform; rows in random order.
inline Relation random_events(std::uint64_t seed, std::int64_t sessions, int max_events = 30) {
  std::mt19937_64 rng(seed);
  std::uniform_int_distribution<int> count(0, max_events), name(0, event_dictionary()->size() - 1), when(0, 99);
  std::vector<std::int64_t> session;
  std::vector<double> ts;
  std::vector<std::int32_t> event;
  std::vector<std::int64_t> seq;
  for (std::int64_t s = 0; s < sessions; ++s) {
    int n = count(rng);
    for (int i = 0; i < n; ++i) {
      session.push_back(s);
      ts.push_back(when(rng));
      event.push_back(name(rng));
      seq.push_back(static_cast<std::int64_t>(seq.size()));
    }
  }
  std::vector<std::size_t> order(session.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::shuffle(order.begin(), order.end(), rng);
  auto pick = [&](const auto& v) {
    std::remove_cvref_t<decltype(v)> out(v.size());
    for (std::size_t i = 0; i < v.size(); ++i) out[i] = v[order[i]];
    return out;
  };
  Relation t;
  t.add("session", Column::int64(pick(session)));
  t.add("ts", Column::real(pick(ts)));
  t.add("event", Column::categorical(pick(event), event_dictionary()));
  t.add("id", Column::int64(pick(seq)));  // a unique row identity for checks
  return t;
}

}  // namespace moce::test
