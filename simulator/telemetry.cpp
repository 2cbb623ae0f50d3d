// Telemetry buffers -> relations in the corpus layout (operators/io/README.md).
#include "simulator/telemetry.hpp"

#include <algorithm>

namespace moce::sim {

void Telemetry::remember_sizes() {
  most_sessions_ = std::max(most_sessions_, session_id.size());
  most_events_ = std::max(most_events_, ts.size());
}

void Telemetry::reset(const World& world) {
  remember_sizes();
  session_id.clear();
  user_id.clear();
  session_index.clear();
  start.clear();
  end.clear();
  attributes.resize(world.attributes.size());
  for (auto& a : attributes) a.clear();
  kpis.resize(world.kpis.size());
  for (auto& k : kpis) k.clear();
  fault.clear();
  cause.clear();
  cause_reached.clear();
  ev_session.clear();
  ts.clear();
  latency_ms.clear();
  event.clear();
  url.clear();
  status.clear();
  offsets.assign(1, 0);
  for (auto* v : {&session_id, &user_id, &session_index}) v->reserve(most_sessions_);
  for (auto* v : {&start, &end}) v->reserve(most_sessions_);
  for (auto& a : attributes) a.reserve(most_sessions_);
  for (auto& k : kpis) k.reserve(most_sessions_);
  for (auto* v : {&fault, &cause, &cause_reached}) v->reserve(most_sessions_);
  offsets.reserve(most_sessions_ + 1);
  for (auto* v : {&ev_session}) v->reserve(most_events_);
  for (auto* v : {&ts, &latency_ms}) v->reserve(most_events_);
  for (auto* v : {&event, &url, &status}) v->reserve(most_events_);
}

Relation Telemetry::take_sessions(const World& world) {
  remember_sizes();
  Relation r;
  r.add("session_id", Column::int64(std::move(session_id)))
      .add("user_id", Column::int64(std::move(user_id)))
      .add("start", Column::real(std::move(start)))
      .add("end", Column::real(std::move(end)))
      .add("session_index", Column::int64(std::move(session_index)));
  for (std::size_t a = 0; a < world.attributes.size(); ++a)
    r.add(world.attributes[a].name, Column::categorical(std::move(attributes[a]), world.attribute_dicts[a]));
  for (std::size_t k = 0; k < world.kpis.size(); ++k) r.add(world.kpis[k].name, Column::real(std::move(kpis[k])));
  return r;
}

Sequence Telemetry::take_events(const World& world) {
  remember_sizes();
  Relation r;
  r.add("session", Column::int64(std::move(ev_session)))
      .add("ts", Column::real(std::move(ts)))
      .add("event", Column::categorical(std::move(event), world.event_dict))
      .add("url", Column::categorical(std::move(url), world.url_dict))
      .add("latency_ms", Column::real(std::move(latency_ms)))
      .add("status", Column::categorical(std::move(status), world.status_dict));
  return Sequence(std::move(r), std::move(offsets));
}

}  // namespace moce::sim
