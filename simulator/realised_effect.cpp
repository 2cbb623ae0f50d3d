// Realised effects and redraws; see realised_effect.hpp.
#include "simulator/realised_effect.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "runtime/error.hpp"
#include "simulator/session_generator.hpp"

namespace moce::sim {

namespace {

constexpr double kClip = 1e6;  // |value| bound of a real KPI in sums (1e6 ms = 17 min): squares stay in int64

std::string fixed(double v) {
  char text[32];
  std::snprintf(text, sizeof text, "%.4g", v);
  return text;
}

}  // namespace

EffectTally::EffectTally(const World&, const IncidentPlan& plan)
    : plan_(plan), kpi_(static_cast<std::size_t>(plan.kpi)), causes_(std::max<std::size_t>(plan.causes(), 1)) {
  sums_.assign(causes_ * kFields, 0);
}

void EffectTally::add(const Telemetry& t) {
  const auto& values = t.kpis[kpi_];
  for (std::size_t s = 0; s < t.num_sessions(); ++s) {
    const double v = values[s];
    if (std::isnan(v)) continue;
    const double start = t.start[s];
    const bool history = start >= plan_.spec.historical.start && start < plan_.spec.historical.end;
    const bool anomaly = start >= plan_.spec.anomaly.start && start < plan_.spec.anomaly.end;
    const auto q = static_cast<std::int64_t>(std::llround(std::clamp(v, -kClip, kClip)));
    for (std::size_t c = 0; c < causes_; ++c) {
      auto* sum = sums_.data() + c * kFields;
      if (t.cause_reached[s] >> c & 1) ++sum[kAffected];
      if (!(t.cause[s] >> c & 1)) continue;
      if (history) ++sum[kNh], sum[kSh] += q, sum[kQh] += q * q;
      if (anomaly) ++sum[kNa], sum[kSa] += q, sum[kQa] += q * q;
    }
  }
}

std::vector<CauseEffect> EffectTally::reduce(const Context& context) const {
  auto sums = sums_;
  context.allreduce_inplace(std::span<std::int64_t>(sums), ReduceOp::kSum);
  std::vector<CauseEffect> out;
  for (std::size_t c = 0; c < causes_; ++c) {
    const auto* sum = sums.data() + c * kFields;
    CauseEffect e;
    e.n_history = sum[kNh];
    e.n_anomaly = sum[kNa];
    e.affected = sum[kAffected];
    auto moments = [](std::int64_t n, std::int64_t s, std::int64_t q, double& mean) {
      mean = n > 0 ? static_cast<double>(s) / static_cast<double>(n) : 0;
      // (q - s^2/n) / (n - 1), with s^2/n formed in long double: s^2 may pass 2^63.
      const long double centred = static_cast<long double>(q) - static_cast<long double>(s) * s / std::max<std::int64_t>(n, 1);
      return n > 1 ? static_cast<double>(std::max<long double>(centred, 0) / (n - 1)) : 0.0;
    };
    const double vh = moments(e.n_history, sum[kSh], sum[kQh], e.mean_history);
    const double va = moments(e.n_anomaly, sum[kSa], sum[kQa], e.mean_anomaly);
    if (e.n_history > 0 && e.n_anomaly > 0) {
      const double se = std::sqrt(vh / static_cast<double>(e.n_history) + va / static_cast<double>(e.n_anomaly));
      const double diff = (e.mean_anomaly - e.mean_history) * (plan_.spec.higher_is_better ? -1 : 1);
      e.z = se > 0 ? diff / se : 0;
    }
    out.push_back(e);
  }
  return out;
}

bool meets_floor(const World& world, const IncidentPlan& plan, const std::vector<CauseEffect>& effects) {
  if (plan.causes() == 0) return true;  // a null incident: nothing to realise
  return std::all_of(effects.begin(), effects.end(), [&](const CauseEffect& e) {
    return e.affected >= world.min_affected && e.z >= world.min_effect_z;
  });
}

std::string effect_params(const std::vector<CauseEffect>& effects) {
  std::string out;
  for (std::size_t c = 0; c < effects.size(); ++c) {
    const auto& e = effects[c];
    const std::string p = c == 0 ? "" : cat("cause", c + 1, "_");
    out += cat(";", p, "affected=", e.affected, ";", p, "kpi_history=", fixed(e.mean_history), ";", p,
               "kpi_anomaly=", fixed(e.mean_anomaly), ";", p, "n_history=", e.n_history, ";", p,
               "n_anomaly=", e.n_anomaly, ";", p, "z=", fixed(e.z));
  }
  return out;
}

void generate_share(const World& world, const NetworkModel& network, const IncidentPlan& plan, std::uint64_t seed,
                    std::int64_t lo, std::int64_t hi, const Context& context, Telemetry& out) {
  SessionGenerator generator(world, network, plan, seed);
  const auto share = block_share(std::max<std::int64_t>(hi - lo, 0), context.rank(), context.size());
  for (std::int64_t s = lo + share.begin; s < lo + share.end; ++s) generator.generate(s, out);
}

IncidentPlan draw_incident(const World& world, const WorldStats& stats, const NetworkModel& network,
                           std::uint64_t seed, int category, std::int64_t k, std::int64_t index,
                           std::int64_t per_category, std::int64_t sessions_per_incident, std::int64_t chunk_sessions,
                           const Context& context, Telemetry* keep) {
  chunk_sessions = std::max<std::int64_t>(chunk_sessions, 1);
  std::string last;
  Telemetry scratch;  // kept across draws, so its buffers keep their room
  for (std::int64_t attempt = 0; attempt <= world.max_redraws; ++attempt) {
    auto plan = plan_incident(world, stats, seed, category, k, index, attempt, per_category);
    const auto n = plan.sessions(sessions_per_incident);
    const bool one_chunk = n <= chunk_sessions;
    EffectTally tally(world, plan);
    Telemetry& buffer = keep && one_chunk ? *keep : scratch;
    for (std::int64_t lo = 0; lo < n; lo += chunk_sessions) {
      buffer.reset(world);
      generate_share(world, network, plan, seed, lo, std::min(n, lo + chunk_sessions), context, buffer);
      tally.add(buffer);
    }
    const auto effects = tally.reduce(context);
    if (!meets_floor(world, plan, effects)) {
      last = effect_params(effects).substr(1);
      continue;
    }
    plan.spec.params += effect_params(effects) + cat(";redraws=", attempt);
    if (keep && !one_chunk) keep->reset(world);
    return plan;
  }
  const auto& name = world.categories[static_cast<std::size_t>(category)].name;
  throw ConfigError(cat("incident ", name, "-", k, " (number ", index, "): its realised effect stayed below the floor "
                        "(incidents.min_affected = ", world.min_affected, ", incidents.min_effect_z = ",
                        world.min_effect_z, ") in ", world.max_redraws + 1, " draws; widen category.", name,
                        "'s magnitude, fraction or traffic_scale ranges, raise sessions-per-incident or lower the floor (last draw: ",
                        last, ")"));
}

}  // namespace moce::sim
