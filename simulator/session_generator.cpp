// Session generation; see session_generator.hpp.
#include "simulator/session_generator.hpp"

#include <algorithm>
#include <cmath>

#include "simulator/attributes.hpp"

namespace moce::sim {

namespace {
constexpr std::uint64_t kUserStream = 0x55534552ULL;     // "USER"
constexpr std::uint64_t kSessionStream = 0x53455353ULL;  // "SESS"
constexpr std::uint64_t kOpportunityStream = 0x4f505054ULL;  // "OPPT"
constexpr std::int32_t kOk = 0, kError = 1, kTimeout = 2;  // codes of World::status_dict
}  // namespace

SessionGenerator::SessionGenerator(const World& world, const NetworkModel& network, const IncidentPlan& plan,
                                   std::uint64_t seed)
    : world_(world),
      network_(network),
      plan_(plan),
      seed_(seed),
      incident_key_(plan.stream),
      drift_(world, plan.spec.historical.start, plan.spec.anomaly.end + 86400.0),
      opportunities_(world) {
  for (auto& f : plan.faults)
    if (f.kind == FaultKind::kPattern) pattern_ = &f.pattern;
  affected_.resize(plan.faults.size());
  window_start_ = plan.spec.historical.start;
  window_end_ = plan.spec.anomaly.end;
  max_load_ = world.max_load();
  recent_.assign(std::max<std::size_t>(pattern_ ? pattern_->size() : 0, 1), -1);
  const auto flows = world.flows.size();
  flow_first_start_.resize(flows);
  flow_first_end_.resize(flows);
  flow_first_action_.resize(flows);
  flow_first_ok_.resize(flows);
  conversion_end_.resize(world.kpis.size());
}

std::int64_t SessionGenerator::user_session_count(std::int64_t user) const {
  Rng rng(stream_key(seed_, incident_key_, static_cast<std::uint64_t>(user), kUserStream));
  const auto extra = rng.geometric(1.0 / world_.sessions_in_window_mean);
  return std::min<std::int64_t>(1 + extra, world_.max_sessions_in_window);
}

void SessionGenerator::load_user(std::int64_t user, std::int64_t first_session) {
  Rng rng(stream_key(seed_, incident_key_, static_cast<std::uint64_t>(user), kUserStream));
  user_.id = user;
  user_.first_session = first_session;
  user_.count = std::min<std::int64_t>(1 + rng.geometric(1.0 / world_.sessions_in_window_mean),
                                       world_.max_sessions_in_window);
  user_.prior = rng.bernoulli(world_.first_time_prob)
                    ? 0
                    : 1 + rng.geometric(1.0 / (1.0 + world_.prior_sessions_mean));
  user_.codes.resize(world_.attributes.size());
  sample_attributes(world_, rng, user_.codes.data());
  // Session start times follow the load curve (rejection sampling), in time order per user.
  user_.starts.clear();
  for (std::int64_t k = 0; k < user_.count; ++k) {
    double t = 0;
    do t = rng.uniform(window_start_, window_end_);
    while (rng.uniform() * max_load_ > world_.load_at(t));
    user_.starts.push_back(t);
  }
  std::sort(user_.starts.begin(), user_.starts.end());
}

void SessionGenerator::seek(std::int64_t session) {
  if (user_.id < 0 || session < user_.first_session) {
    user_.id = -1;
    std::int64_t u = 0, first = 0, count = user_session_count(0);
    while (session >= first + count) first += count, count = user_session_count(++u);
    load_user(u, first);
    return;
  }
  if (session < user_.first_session + user_.count) return;
  std::int64_t u = user_.id + 1, first = user_.first_session + user_.count, count = user_session_count(u);
  while (session >= first + count) first += count, count = user_session_count(++u);
  load_user(u, first);
}

bool SessionGenerator::member(const Fault& f) const {
  const bool values = std::all_of(f.where.begin(), f.where.end(), [&](const AttributeValue& x) {
    return user_.codes[static_cast<std::size_t>(x.first)] == x.second;
  });
  switch (f.kind) {
    case FaultKind::kCohort: return values;
    case FaultKind::kLifecycle: {
      const auto index = out_->session_index.back();
      return values && (f.lifecycle == 1 ? index == 1 : index >= f.returning_min_index);
    }
    default: return true;  // a URL, a log burst or a trigger pattern may reach any session
  }
}

void SessionGenerator::emit(double ts, std::int32_t event, std::int32_t url, double latency, std::int32_t status) {
  stage_.push_back({ts, event, url, status, latency});
}

// Moves the buffered events into the output in time order and feeds the pattern tracker.
void SessionGenerator::flush(bool sort) {
  if (sort)  // parallel requests interleave; a stage holds a few dozen events at most
    std::stable_sort(stage_.begin(), stage_.end(), [](const Event& a, const Event& b) { return a.ts < b.ts; });
  // The trigger is tracked in every session (the cause's group is the sessions where it occurs);
  // only affected sessions fail after it.
  const bool track = pattern_ && !poisoned_;
  for (auto& e : stage_) {
    out_->ev_session.push_back(row_);
    out_->ts.push_back(e.ts);
    out_->event.push_back(e.event);
    out_->url.push_back(e.url);
    out_->latency_ms.push_back(e.latency_ms);
    out_->status.push_back(e.status);
    if (!opportunities_.empty()) opportunities_.observe(e.event);
    if (track && !poisoned_ && !world_.pattern_ignored[static_cast<std::size_t>(e.event)]) {
      const auto n = recent_.size();
      recent_[recent_next_] = e.event;
      recent_next_ = (recent_next_ + 1) % n;
      ++recent_seen_;
      if (recent_seen_ >= static_cast<std::int64_t>(n)) {
        bool match = true;
        for (std::size_t i = 0; i < n && match; ++i) match = recent_[(recent_next_ + i) % n] == (*pattern_)[i];
        poisoned_ = match;
      }
    }
  }
  stage_.clear();
}

SessionGenerator::Attempt SessionGenerator::call(int request, double t, bool allow_backup) {
  const auto& r = world_.requests[static_cast<std::size_t>(request)];
  // The injected faults: which requests of an affected session each reaches.
  double injected_latency = 1, survive = 1;
  std::uint8_t cause_bit = 1;
  for (std::size_t i = 0; i < plan_.faults.size(); ++i) {
    const auto& f = plan_.faults[i];
    const std::uint8_t bit = f.decoy ? 0 : cause_bit;
    if (!f.decoy) cause_bit = static_cast<std::uint8_t>(cause_bit << 1);
    if (f.kind == FaultKind::kUrl && request == f.request) called_ |= bit;  // any session, any window
    if (!affected_[i]) continue;
    const bool faulty = f.kind == FaultKind::kUrl ? request == f.request : f.kind == FaultKind::kPattern ? poisoned_ : true;
    if (!faulty) continue;
    const double error = f.kind == FaultKind::kLog ? f.error_rate * burst_intensity(world_, plan_.spec, t) : f.error_rate;
    if (error > 0 || f.latency_factor > 1) reached_ |= bit;
    injected_latency *= f.latency_factor;
    survive *= 1 - error;
  }
  if (!opportunities_.empty()) opportunities_.apply(request, injected_latency, survive);
  double url_latency = 1, url_error = 1;
  drift_.apply_url(request, t, url_latency, url_error);
  const double latency_factor = traits_.latency_factor * load_latency_ * url_latency * injected_latency;
  const double p_fail =
      1 - (1 - network_.failure_rate(request, traits_.error_factor * load_error_ * url_error)) * survive;
  const double timeout_ms = r.timeout_sec * 1000.0;
  for (int attempt = 0; attempt <= r.max_retries; ++attempt) {
    emit(t, world_.ev.request, r.url_code);
    const double lat = network_.latency_ms(request, latency_factor, rng_);
    const double u = rng_.uniform();
    const double c = rng_.uniform();
    if (traits_.browser && r.cors && c < world_.cors_error_rate) {
      // A CORS failure: the browser blocks the response and the client retries; such retries
      // often end in a timeout (HotNets Example 1).
      const double at = t + std::min(lat, timeout_ms) * 0.2 / 1000.0;
      emit(at, world_.ev.cors_error, r.url_code, kNaN, kError);
      ++failed_attempts_;
      cors_forces_timeout_ = rng_.bernoulli(world_.cors_timeout_prob);
      t = at + world_.retry_backoff_ms / 1000.0;
      continue;
    }
    if (lat >= timeout_ms || cors_forces_timeout_) {
      cors_forces_timeout_ = false;
      t += r.timeout_sec;
      emit(t, world_.ev.timeout, r.url_code, timeout_ms, kTimeout);
      ++failed_attempts_;
      t += world_.retry_backoff_ms / 1000.0;
      continue;
    }
    t += lat / 1000.0;
    const bool ok = u >= p_fail;
    emit(t, world_.ev.response, r.url_code, lat, ok ? kOk : kError);
    if (ok) return {t, true};
    ++failed_attempts_;
    t += world_.retry_backoff_ms / 1000.0;
  }
  cors_forces_timeout_ = false;
  if (allow_backup && r.backup >= 0) return call(r.backup, t, false);
  return {t, false};
}

void SessionGenerator::run_flow(int flow, double& t) {
  const auto& f = world_.flows[static_cast<std::size_t>(flow)];
  const auto fi = static_cast<std::size_t>(flow);
  const double start = t;
  load_latency_ = network_.latency_load(t);
  load_error_ = network_.error_load(t);
  emit(t, f.start_event);
  t += rng_.exponential(world_.think_sec * 0.25);
  const double action = t;
  emit(t, f.action_event);
  if (rng_.bernoulli(world_.repeat_click_prob)) {
    t += rng_.uniform(0.2, 1.0);
    emit(t, f.action_event);
  }
  flush(false);
  bool ok = true;
  for (auto& stage : f.stages) {
    double end = t;
    for (int r : stage) {
      auto a = call(r, t, true);
      end = std::max(end, a.end);
      ok = ok && a.ok;
    }
    flush(stage.size() > 1);
    t = end;
    if (!ok) break;  // a step failed even after retries and backup: the flow shows an error and ends
  }
  // Client-side failures (crash, user gives up, card declined) that no retry absorbs; always drawn.
  const double client = rng_.uniform();
  if (ok && client < std::min(1.0, f.client_failure_rate * load_error_)) ok = false;
  if (!ok) emit(t, world_.ev.flow_error);
  t += 0.01;
  emit(t, f.end_event);
  flush(false);
  if (std::isnan(flow_first_start_[fi])) {
    flow_first_start_[fi] = start;
    flow_first_end_[fi] = t;
    flow_first_action_[fi] = action;
    flow_first_ok_[fi] = ok ? 1 : 0;
  }
  for (std::size_t k = 0; k < world_.kpis.size(); ++k) {
    const auto& kpi = world_.kpis[k];
    if (kpi.type != KpiType::kConversion || kpi.to_flow != flow || !ok || !std::isnan(conversion_end_[k])) continue;
    const double from = flow_first_action_[static_cast<std::size_t>(kpi.flow)];
    if (!std::isnan(from) && start >= from) conversion_end_[k] = t;
  }
}

void SessionGenerator::generate(std::int64_t session, Telemetry& out) {
  seek(session);
  out_ = &out;
  row_ = session;
  rng_ = Rng(stream_key(seed_, incident_key_, static_cast<std::uint64_t>(session), kSessionStream));
  const auto k = session - user_.first_session;
  const double start = user_.starts[static_cast<std::size_t>(k)];
  out.session_id.push_back(session);
  out.user_id.push_back(user_.id);
  out.session_index.push_back(user_.prior + k + 1);
  out.start.push_back(start);
  for (std::size_t a = 0; a < user_.codes.size(); ++a) out.attributes[a].push_back(user_.codes[a]);
  traits_ = network_.traits(user_.codes.data());
  drift_.apply_values(user_.codes.data(), start, traits_.latency_factor, traits_.error_factor);
  if (!opportunities_.empty()) {
    Rng planted(stream_key(seed_, incident_key_, static_cast<std::uint64_t>(session), kOpportunityStream));
    opportunities_.begin_session(user_.codes.data(), out.session_index.back(), start, planted);
  }
  // One draw per fault, always made, so later draws do not depend on eligibility.
  const bool in_window = start >= plan_.spec.anomaly.start && start < plan_.spec.anomaly.end;
  const bool in_alert = std::all_of(plan_.alert.begin(), plan_.alert.end(), [&](const AttributeValue& x) {
    return user_.codes[static_cast<std::size_t>(x.first)] == x.second;
  });
  bool eligible_now = false, selected = false;
  std::uint8_t group = 0, bit = 1, dynamic = 0, pattern_bit = 0;
  for (std::size_t i = 0; i < plan_.faults.size(); ++i) {
    const auto& f = plan_.faults[i];
    const double draw = rng_.uniform();
    const bool in_group = member(f);
    const bool eligible = in_window && in_group;
    affected_[i] = eligible && draw < f.fraction;
    if (f.decoy) continue;
    eligible_now = eligible_now || eligible;
    selected = selected || affected_[i];
    // A URL's or a pattern's group is known when the session has run: the sessions that called
    // the URL, or where the trigger occurred.
    if (f.kind == FaultKind::kUrl || f.kind == FaultKind::kPattern) dynamic |= in_alert ? bit : 0;
    else if (in_group && in_alert) group |= bit;
    if (f.kind == FaultKind::kPattern) pattern_bit = bit;
    bit = static_cast<std::uint8_t>(bit << 1);
  }
  if (plan_.faults.empty() && in_alert) group = 1;  // a null incident: its alert's cohort stands for the group
  reached_ = 0;
  called_ = 0;
  poisoned_ = false;
  cors_forces_timeout_ = false;
  failed_attempts_ = 0;
  recent_seen_ = 0;
  recent_next_ = 0;
  std::fill(flow_first_start_.begin(), flow_first_start_.end(), kNaN);
  std::fill(flow_first_end_.begin(), flow_first_end_.end(), kNaN);
  std::fill(flow_first_action_.begin(), flow_first_action_.end(), kNaN);
  std::fill(conversion_end_.begin(), conversion_end_.end(), kNaN);

  double t = start;
  emit(t, world_.ev.session_start);
  flush(false);
  const auto pick = [&](const std::vector<int>& next, const std::vector<double>& cdf) {
    const double u = rng_.uniform();
    const auto i = static_cast<std::size_t>(std::upper_bound(cdf.begin(), cdf.end(), u) - cdf.begin());
    return next[std::min(i, next.size() - 1)];
  };
  int flow = pick(world_.first_flow, world_.first_flow_cdf);
  for (std::int64_t n = 0; n < world_.max_flows && flow >= 0; ++n) {
    run_flow(flow, t);
    const auto& f = world_.flows[static_cast<std::size_t>(flow)];
    flow = pick(f.next_flow, f.next_cdf);
    if (flow >= 0) t += rng_.exponential(world_.think_sec);
  }
  t += rng_.exponential(world_.think_sec * 0.25);
  emit(t, world_.ev.session_end);
  flush(false);
  out.end.push_back(t);
  out.offsets.push_back(static_cast<std::int64_t>(out.ts.size()));
  out.fault.push_back(static_cast<std::uint8_t>((eligible_now ? Telemetry::kEligible : 0) |
                                                (selected ? Telemetry::kSelected : 0) |
                                                (reached_ ? Telemetry::kReached : 0)));
  group |= static_cast<std::uint8_t>(dynamic & (called_ | (poisoned_ ? pattern_bit : 0)));
  out.cause.push_back(group);
  out.cause_reached.push_back(reached_);

  for (std::size_t i = 0; i < world_.kpis.size(); ++i) {
    const auto& kpi = world_.kpis[i];
    double v = kNaN;
    const auto fi = static_cast<std::size_t>(std::max(kpi.flow, 0));
    switch (kpi.type) {
      case KpiType::kFlowDuration:
        // From the user's action to the flow's end: what the user waits for.
        if (!std::isnan(flow_first_start_[fi])) v = (flow_first_end_[fi] - flow_first_action_[fi]) * 1000.0;
        break;
      case KpiType::kFlowSuccess:
        if (!std::isnan(flow_first_start_[fi])) v = flow_first_ok_[fi];
        break;
      case KpiType::kConversion:
        if (!std::isnan(flow_first_action_[fi]))
          v = !std::isnan(conversion_end_[i]) && conversion_end_[i] - flow_first_action_[fi] <= kpi.within_sec ? 1 : 0;
        break;
      case KpiType::kErrorCount: v = static_cast<double>(failed_attempts_); break;
    }
    out.kpis[i].push_back(v);
  }
}

}  // namespace moce::sim
