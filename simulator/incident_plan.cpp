// Incident planning; see incident_plan.hpp. The choices use the stream (seed, incident, kPlan),
// so they never depend on the rank count or on the number of sessions.
#include "simulator/incident_plan.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <set>

#include "runtime/error.hpp"
#include "simulator/attributes.hpp"

namespace moce::sim {

namespace {

constexpr std::uint64_t kPlanStream = 0x504c414eULL;  // "PLAN"
constexpr std::uint64_t kShareStream = 0x53484152ULL;
constexpr int kShareSample = 20000;

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
// every request for a session-wide KPI.
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

std::int32_t pick_value(Rng& rng, const std::vector<double>& shares, double min_share, const std::string& what) {
  std::vector<std::int32_t> eligible;
  for (std::size_t v = 0; v < shares.size(); ++v)
    if (shares[v] >= min_share) eligible.push_back(static_cast<std::int32_t>(v));
  if (eligible.empty()) throw ConfigError(cat(what, ": no value has a share of users >= ", min_share));
  return pick(rng, eligible);
}

}  // namespace

std::vector<std::vector<double>> attribute_shares(const World& world) {
  std::vector<std::vector<double>> shares;
  for (auto& a : world.attributes) shares.emplace_back(a.values.size(), 0.0);
  std::vector<std::int32_t> codes(world.attributes.size());
  for (int i = 0; i < kShareSample; ++i) {
    Rng rng(stream_key(world.seed, kShareStream, static_cast<std::uint64_t>(i)));
    sample_attributes(world, rng, codes.data());
    for (std::size_t a = 0; a < codes.size(); ++a) shares[a][static_cast<std::size_t>(codes[a])] += 1.0 / kShareSample;
  }
  return shares;
}

std::vector<IncidentPlan> plan_incidents(const World& w, std::uint64_t seed, std::int64_t per_category) {
  const auto shares = attribute_shares(w);
  std::vector<IncidentPlan> plans;
  const int digits = per_category > 99 ? static_cast<int>(std::log10(static_cast<double>(per_category))) + 1 : 2;
  for (std::size_t g = 0; g < w.categories.size(); ++g) {
    const auto& cat_spec = w.categories[g];
    for (std::int64_t k = 0; k < per_category; ++k) {
      IncidentPlan p;
      p.index = static_cast<std::int64_t>(plans.size());
      p.category = static_cast<int>(g);
      Rng rng(stream_key(seed, static_cast<std::uint64_t>(p.index), kPlanStream));
      p.kpi = pick(rng, cat_spec.kpis);
      const auto& kpi = w.kpis[static_cast<std::size_t>(p.kpi)];
      p.fraction = rng.uniform(w.fraction_min, w.fraction_max);
      // Latency categories and duration KPIs slow requests down; the others make them fail.
      const bool latency = cat_spec.category == Category::kUrlLatency || cat_spec.category == Category::kCohortLatency ||
                           (kpi.type == KpiType::kFlowDuration && cat_spec.category != Category::kUrlErrors &&
                            cat_spec.category != Category::kCohortErrors && cat_spec.category != Category::kBackupFailure);
      const double lf = rng.uniform(cat_spec.latency_factor_min, cat_spec.latency_factor_max);
      const double er = rng.uniform(cat_spec.error_rate_min, cat_spec.error_rate_max);
      if (latency) p.latency_factor = lf;
      else p.error_rate = er;

      // One anomaly per day, at a random time of day, so the load curve differs between incidents.
      const double hour = std::floor(rng.uniform(0, 24) * 4) / 4;
      const double anomaly_start = w.start_time + static_cast<double>(p.index) * 86400.0 + hour * 3600.0;
      auto& s = p.spec;
      std::string number = std::to_string(k);
      if (static_cast<int>(number.size()) < digits) number.insert(0, static_cast<std::size_t>(digits) - number.size(), '0');
      s.id = cat(cat_spec.name, "-", number);
      s.category = cat_spec.name;
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
      std::string params = cat("fraction=", fixed(p.fraction));
      if (latency) params += cat(";latency_factor=", fixed(p.latency_factor));
      else params += cat(";error_rate=", fixed(p.error_rate));
      const std::string where = cat("category ", cat_spec.name, ", kpi ", kpi.name);
      switch (cat_spec.category) {
        case Category::kUrlLatency:
        case Category::kUrlErrors: {
          // A failing URL with a working backup does not move the KPI (that is backup_failure's case).
          auto candidates = kpi_requests(w, kpi);
          if (cat_spec.category == Category::kUrlErrors) {
            std::erase_if(candidates, [&](int r) { return w.requests[static_cast<std::size_t>(r)].backup >= 0; });
            if (candidates.empty()) throw ConfigError(cat(where, ": every request of the KPI's flow has a backup"));
          }
          p.request = pick(rng, candidates);
          const auto& url = w.requests[static_cast<std::size_t>(p.request)].url;
          s.truth = {"url:" + url};
          params += ";url=" + url;
          break;
        }
        case Category::kBackupFailure: {
          std::vector<int> with_backup;
          for (int r : kpi_requests(w, kpi))
            if (w.requests[static_cast<std::size_t>(r)].backup >= 0) with_backup.push_back(r);
          if (with_backup.empty()) throw ConfigError(cat(where, ": no request of the KPI's flow has a backup"));
          const auto& primary = w.requests[static_cast<std::size_t>(pick(rng, with_backup))];
          p.request = primary.backup;
          const auto& backup = w.requests[static_cast<std::size_t>(p.request)].url;
          s.truth = {"url:" + backup};
          params += cat(";url=", backup, ";primary=", primary.url);
          break;
        }
        case Category::kCohortLatency:
        case Category::kCohortErrors:
        case Category::kAppVersionBug: {
          p.attribute = pick(rng, cat_spec.attributes);
          const auto& a = w.attributes[static_cast<std::size_t>(p.attribute)];
          p.value = pick_value(rng, shares[static_cast<std::size_t>(p.attribute)], cat_spec.min_value_share,
                               cat(where, ", attribute ", a.name));
          const auto& value = a.values[static_cast<std::size_t>(p.value)];
          s.truth = {cat(a.name, ":", value)};
          params += cat(";", a.name, "=", value);
          break;
        }
        case Category::kEventSequence: {
          const auto slot = static_cast<std::size_t>(
              std::find(cat_spec.kpis.begin(), cat_spec.kpis.end(), p.kpi) - cat_spec.kpis.begin());
          p.pattern = pick(rng, cat_spec.patterns[slot]);
          std::string text;
          for (auto e : p.pattern) text += (text.empty() ? "" : ">") + w.event_dict->value(e);
          s.truth = {"pattern:" + text};
          params += ";pattern=" + text;
          break;
        }
        case Category::kServerLog: {
          p.log_template = pick(rng, cat_spec.templates);
          const auto& text = w.log_templates[static_cast<std::size_t>(p.log_template)].text;
          s.truth = {"log:" + text};
          params += ";template=" + text;
          break;
        }
        case Category::kLifecycle: {
          p.lifecycle = rng.bernoulli(cat_spec.first_session_prob) ? 1 : 2;
          p.returning_min_index = cat_spec.returning_min_index;
          s.truth = {p.lifecycle == 1 ? "lifecycle:first_session" : "lifecycle:returning"};
          params += p.lifecycle == 1 ? ";lifecycle=first_session"
                                     : cat(";lifecycle=returning;min_session_index=", p.returning_min_index);
          // HotNets Example 2: returning users of one os version (first sessions are too few to split).
          if (rng.bernoulli(cat_spec.attribute_prob) && p.lifecycle == 2) {
            p.attribute = cat_spec.lifecycle_attribute;
            const auto& a = w.attributes[static_cast<std::size_t>(p.attribute)];
            p.value = pick_value(rng, shares[static_cast<std::size_t>(p.attribute)], 0.05, cat(where, ", ", a.name));
            params += cat(";", a.name, "=", a.values[static_cast<std::size_t>(p.value)]);
          }
          break;
        }
      }
      s.params = params;
      validate(s, cat("simulated incident ", s.id));
      plans.push_back(std::move(p));
    }
  }
  return plans;
}

double burst_intensity(const World& w, const IncidentPlan& p, double t) {
  if (t < p.spec.anomaly.start || t >= p.spec.anomaly.end || w.burst_shape.empty()) return 0;
  // The burst shape is stretched over the anomaly window and normalised to a peak of 1.
  const double peak = *std::max_element(w.burst_shape.begin(), w.burst_shape.end());
  const double x = (t - p.spec.anomaly.start) / (p.spec.anomaly.end - p.spec.anomaly.start);
  const auto i = std::min(w.burst_shape.size() - 1, static_cast<std::size_t>(x * static_cast<double>(w.burst_shape.size())));
  return peak > 0 ? w.burst_shape[i] / peak : 0;
}

}  // namespace moce::sim
