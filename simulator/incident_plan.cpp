// Incident planning; see incident_plan.hpp. The choices use the stream (seed, incident stream,
// kPlan), so they never depend on the rank count or on the number of sessions.
#include "simulator/incident_plan.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <set>

#include "runtime/error.hpp"
#include "simulator/random.hpp"

namespace moce::sim {

namespace {

constexpr std::uint64_t kPlanStream = 0x504c414eULL;    // "PLAN"
constexpr std::uint64_t kRedrawStream = 0x52445257ULL;  // "RDRW"
constexpr int kDecoyTries = 32;

std::string fixed(double v) {
  char text[32];
  std::snprintf(text, sizeof text, "%.4g", v);
  return text;
}

template <class T>
const T& pick(Rng& rng, const std::vector<T>& items) {
  return items[static_cast<std::size_t>(rng.below(static_cast<std::int64_t>(items.size())))];
}

// The requests a KPI's alert concerns: those of its flow (and of the target flow of a conversion);
// every request but the backups for a session-wide KPI.
std::vector<int> kpi_requests(const World& w, const KpiSpec& k) {
  std::set<int> out;
  for (int f : {k.flow, k.to_flow})
    if (f >= 0)
      for (auto& stage : w.flows[static_cast<std::size_t>(f)].stages) out.insert(stage.begin(), stage.end());
  if (k.flow < 0)
    for (std::size_t r = 0; r < w.requests.size(); ++r)
      if (std::none_of(w.requests.begin(), w.requests.end(), [&](auto& q) { return q.backup == static_cast<int>(r); }))
        out.insert(static_cast<int>(r));
  return {out.begin(), out.end()};
}

// Requests the KPI never calls (neither in its flows nor as one of their backups).
std::vector<int> outside_requests(const World& w, const KpiSpec& k) {
  std::set<int> inside;
  for (int r : kpi_requests(w, k)) {
    inside.insert(r);
    if (w.requests[static_cast<std::size_t>(r)].backup >= 0) inside.insert(w.requests[static_cast<std::size_t>(r)].backup);
  }
  std::vector<int> out;
  for (int r = 0; r < static_cast<int>(w.requests.size()); ++r)
    if (!inside.count(r)) out.push_back(r);
  return out;
}

std::int32_t pick_value(Rng& rng, const WorldStats& stats, int attribute, double min_share, const std::string& what) {
  std::vector<std::int32_t> eligible;
  const auto& shares = stats.shares()[static_cast<std::size_t>(attribute)];
  for (std::size_t v = 0; v < shares.size(); ++v)
    if (shares[v] >= min_share) eligible.push_back(static_cast<std::int32_t>(v));
  if (eligible.empty()) throw ConfigError(cat(what, ": no value has a share of users >= ", min_share));
  return pick(rng, eligible);
}

struct Planner {
  const World& w;
  const WorldStats& stats;
  const CategorySpec& cs;
  const KpiSpec& kpi;
  Rng& rng;
  std::string where;

  // One magnitude of the category's ranges: a latency factor or an extra failure rate.
  void magnitude(Fault& f, bool latency) {
    const double lf = rng.uniform(cs.latency_factor_min, cs.latency_factor_max);
    const double er = rng.uniform(cs.error_rate_min, cs.error_rate_max);
    f.fraction = rng.uniform(cs.fraction_min, cs.fraction_max);
    if (latency) f.latency_factor = lf;
    else f.error_rate = er;
  }
  // A URL of the KPI's flow(s); failures skip URLs with a backup (that is backup_failure's case).
  Fault url(bool latency, const std::vector<int>& exclude = {}) {
    auto candidates = kpi_requests(w, kpi);
    std::erase_if(candidates, [&](int r) {
      return (!latency && w.requests[static_cast<std::size_t>(r)].backup >= 0) ||
             std::find(exclude.begin(), exclude.end(), r) != exclude.end();
    });
    if (candidates.empty()) throw ConfigError(cat(where, ": no request of the KPI's flow can carry this fault"));
    Fault f;
    f.request = pick(rng, candidates);
    magnitude(f, latency);
    return f;
  }
  Fault cohort(bool latency, const std::vector<int>& attributes) {
    Fault f;
    f.kind = FaultKind::kCohort;
    const int a = pick(rng, attributes);
    f.where = {{a, pick_value(rng, stats, a, cs.min_value_share,
                              cat(where, ", attribute ", w.attributes[static_cast<std::size_t>(a)].name))}};
    magnitude(f, latency);
    return f;
  }
};

std::string fault_params(const World& w, const Fault& f, const std::string& prefix) {
  std::string out = cat(";", prefix, "fraction=", fixed(f.fraction));
  if (f.latency_factor != 1) out += cat(";", prefix, "latency_factor=", fixed(f.latency_factor));
  if (f.error_rate != 0) out += cat(";", prefix, "error_rate=", fixed(f.error_rate));
  switch (f.kind) {
    case FaultKind::kUrl: out += cat(";", prefix, "url=", w.requests[static_cast<std::size_t>(f.request)].url); break;
    case FaultKind::kPattern: break;
    case FaultKind::kLog: break;
    case FaultKind::kCohort:
    case FaultKind::kLifecycle:
      for (auto& [a, v] : f.where)
        out += cat(";", prefix, w.attributes[static_cast<std::size_t>(a)].name, "=",
                   w.attributes[static_cast<std::size_t>(a)].values[static_cast<std::size_t>(v)]);
      break;
  }
  return out;
}

// The truth id of a cause.
std::string cause_id(const World& w, const WorldStats& stats, const Fault& f) {
  switch (f.kind) {
    case FaultKind::kUrl: return "url:" + w.requests[static_cast<std::size_t>(f.request)].url;
    case FaultKind::kCohort: return stats.truth(f.where);
    case FaultKind::kPattern: {
      std::string text;
      for (auto e : f.pattern) text += (text.empty() ? "" : ">") + w.event_dict->value(e);
      return "pattern:" + text;
    }
    case FaultKind::kLog: return "log:" + w.log_templates[static_cast<std::size_t>(f.log_template)].text;
    case FaultKind::kLifecycle: return f.lifecycle == 1 ? "lifecycle:first_session" : "lifecycle:returning";
  }
  return "";
}

// The alert's cohort: one value of one alert attribute holding at least half of every cohort
// cause's users (an alert on a cohort the cause misses would point at nothing).
void choose_alert(const World& w, const WorldStats& stats, IncidentPlan& p, Rng& rng) {
  const int a = pick(rng, w.alert_attributes);
  const double u = rng.uniform();
  std::vector<std::int32_t> candidates;
  for (std::int32_t v = 0; v < static_cast<std::int32_t>(w.attributes[static_cast<std::size_t>(a)].values.size()); ++v) {
    if (stats.share(a, v) < w.alert_min_share) continue;
    bool holds = true;
    for (auto& f : p.faults) {
      if (f.decoy || f.where.empty()) continue;
      for (auto& part : f.where) {
        auto eq = stats.equivalents(part.first, part.second);
        // An alert on the cause's own attribute (or an equivalent one) would be the cause itself.
        holds = holds && part.first != a && std::none_of(eq.begin(), eq.end(), [&](auto& e) { return e.first == a; });
      }
      auto both = f.where;
      both.push_back({a, v});
      holds = holds && stats.joint(both) >= 0.5 * stats.joint(f.where);
    }
    if (holds) candidates.push_back(v);
  }
  if (candidates.empty()) return;
  const auto v = candidates[std::min(candidates.size() - 1, static_cast<std::size_t>(u * static_cast<double>(candidates.size())))];
  p.alert = {{a, v}};
  const auto& spec = w.attributes[static_cast<std::size_t>(a)];
  p.spec.cohort = cat(spec.name, "=", spec.values[static_cast<std::size_t>(v)]);
  // Capped, so that a rare fault's scaled traffic (backup_failure) does not multiply without bound.
  p.traffic_scale = std::max(p.traffic_scale, std::min(w.max_traffic_scale, p.traffic_scale / stats.share(a, v)));
}

}  // namespace

std::vector<std::vector<double>> attribute_shares(const World& world) { return WorldStats(world).shares(); }

IncidentPlan plan_incident(const World& w, const WorldStats& stats, std::uint64_t seed, int category, std::int64_t k,
                           std::int64_t index, std::int64_t attempt, std::int64_t per_category) {
  const auto& cs = w.categories[static_cast<std::size_t>(category)];
  IncidentPlan p;
  p.index = index;
  p.attempt = attempt;
  p.category = category;
  p.traffic_scale = cs.traffic_scale;
  p.stream = attempt == 0 ? static_cast<std::uint64_t>(index)
                          : stream_key(static_cast<std::uint64_t>(index), kRedrawStream, static_cast<std::uint64_t>(attempt));
  Rng rng(stream_key(seed, p.stream, kPlanStream));
  p.kpi = pick(rng, cs.kpis);
  const auto& kpi = w.kpis[static_cast<std::size_t>(p.kpi)];
  // One anomaly per day, at a random time of day, so the load curve differs between incidents.
  const double hour = std::floor(rng.uniform(0, 24) * 4) / 4;
  const double anomaly_start = w.start_time + static_cast<double>(index) * 86400.0 + hour * 3600.0;
  auto& s = p.spec;
  const int digits = per_category > 99 ? static_cast<int>(std::log10(static_cast<double>(per_category))) + 1 : 2;
  std::string number = std::to_string(k);
  if (static_cast<int>(number.size()) < digits) number.insert(0, static_cast<std::size_t>(digits) - number.size(), '0');
  s.id = cat(cs.name, "-", number);
  s.category = cs.name;
  s.kpi = kpi.name;
  s.kpi_kind = kpi.kind;
  s.higher_is_better = kpi.higher_is_better;
  s.historical = {anomaly_start - w.history_hours * 3600.0, anomaly_start};
  s.anomaly = {anomaly_start, anomaly_start + w.anomaly_hours * 3600.0};
  if (kpi.flow >= 0) {
    const auto& from = w.flows[static_cast<std::size_t>(kpi.flow)];
    const auto& to = w.flows[static_cast<std::size_t>(kpi.to_flow >= 0 ? kpi.to_flow : kpi.flow)];
    s.context_start = w.event_dict->value(from.start_event);
    s.context_end = w.event_dict->value(to.end_event);
  }
  const auto kind = cs.category;
  // Latency categories slow requests down, error categories make them fail; the others follow the
  // KPI: a duration gets slower, the rest fail more.
  const bool duration = kpi.type == KpiType::kFlowDuration;
  const bool latency = kind == Category::kUrlLatency || kind == Category::kCohortLatency ||
                       (duration && kind != Category::kUrlErrors && kind != Category::kCohortErrors &&
                        kind != Category::kBackupFailure);
  Planner plan{w, stats, cs, kpi, rng, cat("category ", cs.name, ", kpi ", kpi.name)};
  std::string extra;
  switch (kind) {
    case Category::kNull: break;
    case Category::kUrlLatency:
    case Category::kUrlErrors: p.faults.push_back(plan.url(latency)); break;
    case Category::kBackupFailure: {
      std::vector<int> with_backup;
      for (int r : kpi_requests(w, kpi))
        if (w.requests[static_cast<std::size_t>(r)].backup >= 0) with_backup.push_back(r);
      if (with_backup.empty()) throw ConfigError(cat(plan.where, ": no request of the KPI's flow has a backup"));
      const auto& primary = w.requests[static_cast<std::size_t>(pick(rng, with_backup))];
      Fault f;
      f.request = primary.backup;
      plan.magnitude(f, false);
      p.faults.push_back(f);
      extra += ";primary=" + primary.url;
      break;
    }
    case Category::kCohortLatency:
    case Category::kCohortErrors:
    case Category::kAppVersionBug: p.faults.push_back(plan.cohort(latency, cs.attributes)); break;
    case Category::kCorrelatedAttribute: {
      // A value of the attribute that makes up a large share (below 100%) of a value of a
      // correlated attribute, and lies mostly inside it: both shift.
      const int a = cs.attributes[0];
      struct Candidate {
        std::int32_t v;
        std::string along;
      };
      std::vector<Candidate> candidates;
      for (int b : cs.correlated_attributes) {
        const auto table = stats.joint_table(a, b);
        for (std::size_t v = 0; v < table.size(); ++v) {
          const double sv = stats.share(a, static_cast<std::int32_t>(v));
          if (sv < cs.min_value_share) continue;
          for (std::size_t x = 0; x < table[v].size(); ++x) {
            const double sx = stats.share(b, static_cast<std::int32_t>(x)), both = table[v][x];
            if (sx <= 0 || both < cs.min_cover * sv || both < cs.min_correlated_share * sx ||
                both > cs.max_correlated_share * sx)
              continue;
            const auto& spec = w.attributes[static_cast<std::size_t>(b)];
            candidates.push_back({static_cast<std::int32_t>(v),
                                  cat(spec.name, ":", spec.values[x], "@", fixed(both / sx))});
          }
        }
      }
      if (candidates.empty())
        throw ConfigError(cat(plan.where, ": no value of ", w.attributes[static_cast<std::size_t>(a)].name,
                              " is a share in [min_correlated_share, max_correlated_share] of a correlated value"));
      const auto& c = pick(rng, candidates);
      Fault f;
      f.kind = FaultKind::kCohort;
      f.where = {{a, c.v}};
      plan.magnitude(f, latency);
      p.faults.push_back(f);
      extra += ";correlated=" + c.along;
      break;
    }
    case Category::kCombination: {
      // Two values that overlap at most max_overlap of either's users; only users holding both fail.
      std::vector<std::vector<AttributeValue>> candidates;
      for (std::size_t i = 0; i < cs.attributes.size(); ++i)
        for (std::size_t j = i + 1; j < cs.attributes.size(); ++j) {
          const int a = cs.attributes[i], b = cs.attributes[j];
          const auto table = stats.joint_table(a, b);
          for (std::size_t v = 0; v < table.size(); ++v)
            for (std::size_t x = 0; x < table[v].size(); ++x) {
              const double both = table[v][x];
              if (both < cs.min_value_share || both > cs.max_overlap * stats.share(a, static_cast<std::int32_t>(v)) ||
                  both > cs.max_overlap * stats.share(b, static_cast<std::int32_t>(x)))
                continue;
              candidates.push_back({{a, static_cast<std::int32_t>(v)}, {b, static_cast<std::int32_t>(x)}});
            }
        }
      if (candidates.empty())
        throw ConfigError(cat(plan.where, ": no pair of values has a joint share >= min_value_share and an overlap "
                                          "<= max_overlap"));
      Fault f;
      f.kind = FaultKind::kCohort;
      f.where = pick(rng, candidates);
      plan.magnitude(f, latency);
      p.faults.push_back(f);
      extra += cat(";pair_share=", fixed(stats.joint(f.where)));
      break;
    }
    case Category::kRedHerring: {
      p.faults.push_back(rng.bernoulli(cs.cohort_prob) ? plan.cohort(latency, cs.attributes) : plan.url(latency));
      const auto& cause = p.faults.front();
      Fault decoy;
      decoy.decoy = true;
      const auto outside = outside_requests(w, kpi);
      if (rng.bernoulli(cs.decoy_url_prob) && !outside.empty()) {
        decoy.request = pick(rng, outside);  // a real degradation the KPI never sees
      } else {
        decoy.kind = FaultKind::kCohort;
        for (int t = 0; t < kDecoyTries && decoy.where.empty(); ++t) {
          const int a = pick(rng, cs.attributes);
          const auto v = pick_value(rng, stats, a, cs.min_value_share, plan.where);
          // Mostly apart from the cause's users, so the decoy is a shift of its own.
          if (!cause.where.empty()) {
            auto both = cause.where;
            both.push_back({a, v});
            if (std::any_of(cause.where.begin(), cause.where.end(), [&](auto& x) { return x.first == a; }) ||
                stats.joint(both) > 0.5 * std::min(stats.joint(cause.where), stats.share(a, v)))
              continue;
          }
          decoy.where = {{a, v}};
        }
        if (decoy.where.empty()) throw ConfigError(cat(plan.where, ": no decoy value apart from the cause"));
      }
      if (latency) decoy.latency_factor = rng.uniform(cs.decoy_latency_factor_min, cs.decoy_latency_factor_max);
      else decoy.error_rate = rng.uniform(cs.decoy_error_rate_min, cs.decoy_error_rate_max);
      p.faults.push_back(decoy);
      break;
    }
    case Category::kTwoCauses: {
      p.faults.push_back(plan.url(latency));
      const bool cohort = rng.bernoulli(cs.cohort_prob);
      auto others = kpi_requests(w, kpi);
      std::erase_if(others, [&](int r) {
        return r == p.faults[0].request || (!latency && w.requests[static_cast<std::size_t>(r)].backup >= 0);
      });
      p.faults.push_back(cohort || others.empty() ? plan.cohort(latency, cs.attributes)
                                                  : plan.url(latency, {p.faults[0].request}));
      break;
    }
    case Category::kEventSequence: {
      const auto slot = static_cast<std::size_t>(std::find(cs.kpis.begin(), cs.kpis.end(), p.kpi) - cs.kpis.begin());
      Fault f;
      f.kind = FaultKind::kPattern;
      f.pattern = pick(rng, cs.patterns[slot]);
      plan.magnitude(f, latency);
      p.faults.push_back(f);
      extra += ";" + cause_id(w, stats, f).replace(0, 8, "pattern=");
      break;
    }
    case Category::kServerLog: {
      Fault f;
      f.kind = FaultKind::kLog;
      f.log_template = pick(rng, cs.templates);
      plan.magnitude(f, latency);
      p.faults.push_back(f);
      extra += ";template=" + w.log_templates[static_cast<std::size_t>(f.log_template)].text;
      break;
    }
    case Category::kLifecycle: {
      Fault f;
      f.kind = FaultKind::kLifecycle;
      f.lifecycle = rng.bernoulli(cs.first_session_prob) ? 1 : 2;
      f.returning_min_index = cs.returning_min_index;
      extra += f.lifecycle == 1 ? ";lifecycle=first_session"
                                : cat(";lifecycle=returning;min_session_index=", f.returning_min_index);
      // HotNets Example 2: returning users of one os version (first sessions are too few to split).
      if (rng.bernoulli(cs.attribute_prob) && f.lifecycle == 2) {
        const int a = cs.lifecycle_attribute;
        f.where = {{a, pick_value(rng, stats, a, 0.05, plan.where)}};
      }
      plan.magnitude(f, latency);
      p.faults.push_back(f);
      break;
    }
  }
  // Alerts on a cohort: drawn for every incident (the draw is always made, so streams stay aligned).
  if (rng.uniform() < w.cohort_alert_prob && !w.alert_attributes.empty()) choose_alert(w, stats, p, rng);

  std::string params = kind == Category::kNull ? "null=1" : "";
  int cause = 0;
  for (auto& f : p.faults) {
    const std::string prefix = f.decoy ? "decoy_" : (cause > 0 ? cat("cause", cause + 1, "_") : "");
    if (!f.decoy) s.truth.push_back(cause_id(w, stats, f)), ++cause;
    params += fault_params(w, f, prefix);
  }
  params += extra;
  if (p.traffic_scale != 1) params += cat(";traffic_scale=", fixed(p.traffic_scale));
  if (!params.empty() && params[0] == ';') params.erase(0, 1);
  s.params = params;
  validate(s, cat("simulated incident ", s.id));
  return p;
}

std::vector<IncidentPlan> plan_incidents(const World& w, std::uint64_t seed, std::int64_t per_category) {
  const WorldStats stats(w);
  std::vector<IncidentPlan> plans;
  for (std::size_t g = 0; g < w.categories.size(); ++g)
    for (std::int64_t k = 0; k < per_category; ++k)
      plans.push_back(plan_incident(w, stats, seed, static_cast<int>(g), k, static_cast<std::int64_t>(plans.size()), 0,
                                    per_category));
  return plans;
}

double burst_intensity(const World& w, const IncidentSpec& spec, double t) {
  if (t < spec.anomaly.start || t >= spec.anomaly.end || w.burst_shape.empty()) return 0;
  // The burst shape is stretched over the anomaly window and normalised to a peak of 1.
  const double peak = *std::max_element(w.burst_shape.begin(), w.burst_shape.end());
  const double x = (t - spec.anomaly.start) / (spec.anomaly.end - spec.anomaly.start);
  const auto i = std::min(w.burst_shape.size() - 1, static_cast<std::size_t>(x * static_cast<double>(w.burst_shape.size())));
  return peak > 0 ? w.burst_shape[i] / peak : 0;
}

}  // namespace moce::sim
