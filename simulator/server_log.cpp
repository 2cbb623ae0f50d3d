// Server log generation; see server_log.hpp.
#include "simulator/server_log.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace moce::sim {

namespace {

constexpr std::uint64_t kLogStream = 0x4c4f47ULL;      // "LOG"
constexpr std::uint64_t kBurstStream = 0x42555253ULL;  // "BURS"

std::int64_t poisson(Rng& rng, double mean) {
  if (mean <= 0) return 0;
  if (mean > 30) return std::max<std::int64_t>(0, std::llround(mean + std::sqrt(mean) * rng.normal()));
  const double limit = std::exp(-mean);
  std::int64_t n = 0;
  for (double p = rng.uniform(); p > limit; p *= rng.uniform()) ++n;
  return n;
}

struct Burst {
  std::int64_t minute;
  int log_template;
};

struct Line {
  double ts;
  int log_template;
};

}  // namespace

std::int64_t server_log_minutes_total(const IncidentPlan& plan) {
  return static_cast<std::int64_t>(std::ceil((plan.spec.anomaly.end - plan.spec.historical.start) / 60.0));
}

Relation server_log_minutes(const World& w, const IncidentPlan& plan, std::uint64_t seed, std::int64_t first,
                            std::int64_t last) {
  const auto incident = plan.stream;
  const double t0 = plan.spec.historical.start;
  const auto minutes = server_log_minutes_total(plan);
  std::vector<int> errors;
  std::vector<double> cdf;
  double total = 0;
  for (std::size_t t = 0; t < w.log_templates.size(); ++t) {
    cdf.push_back(total += w.log_templates[t].weight);
    if (w.log_templates[t].level == w.log_error_level) errors.push_back(static_cast<int>(t));
  }
  double mean_load = std::accumulate(w.hourly_load.begin(), w.hourly_load.end(), 0.0) / 24.0;
  // Background error bursts (normal noise) are shared by all minutes: every rank draws them all.
  std::vector<Burst> bursts;
  if (!errors.empty() && !w.burst_shape.empty()) {
    Rng rng(stream_key(seed, incident, kBurstStream));
    const auto n = poisson(rng, w.background_bursts_per_hour * static_cast<double>(minutes) / 60.0);
    for (std::int64_t i = 0; i < n; ++i) {
      const auto at = rng.below(minutes);
      bursts.push_back({at, errors[static_cast<std::size_t>(rng.below(static_cast<std::int64_t>(errors.size())))]});
    }
  }
  const double peak = w.burst_shape.empty() ? 1 : *std::max_element(w.burst_shape.begin(), w.burst_shape.end());
  const auto shape_len = static_cast<std::int64_t>(w.burst_shape.size());
  std::vector<double> ts;
  std::vector<std::int32_t> level, text;
  std::vector<Line> lines;
  for (std::int64_t m = first; m < last; ++m) {
    Rng rng(stream_key(seed, incident, static_cast<std::uint64_t>(m), kLogStream));
    const double start = t0 + 60.0 * static_cast<double>(m);
    lines.clear();
    const auto background = poisson(rng, w.log_lines_per_minute * w.load_at(start) / mean_load);
    for (std::int64_t i = 0; i < background; ++i) {
      const double u = rng.uniform() * total;
      const auto t = static_cast<int>(std::min<std::ptrdiff_t>(
          std::upper_bound(cdf.begin(), cdf.end(), u) - cdf.begin(), static_cast<std::ptrdiff_t>(cdf.size()) - 1));
      lines.push_back({start + 60.0 * rng.uniform(), t});
    }
    for (auto& b : bursts) {
      if (m < b.minute || m >= b.minute + shape_len) continue;
      const auto n = poisson(rng, w.burst_lines_per_minute * w.burst_shape[static_cast<std::size_t>(m - b.minute)] / peak);
      for (std::int64_t i = 0; i < n; ++i) lines.push_back({start + 60.0 * rng.uniform(), b.log_template});
    }
    for (auto& f : plan.faults) {
      if (f.kind != FaultKind::kLog) continue;
      // The incident: the faulty template's lines follow the same intensity as the failures.
      const double intensity = burst_intensity(w, plan.spec, start + 30.0);
      const auto n = poisson(rng, 2.0 * w.burst_lines_per_minute * intensity * f.fraction);
      for (std::int64_t i = 0; i < n; ++i) lines.push_back({start + 60.0 * rng.uniform(), f.log_template});
    }
    std::sort(lines.begin(), lines.end(), [](const Line& a, const Line& b) {
      return a.ts < b.ts || (a.ts == b.ts && a.log_template < b.log_template);
    });
    for (auto& l : lines) {
      const auto& tpl = w.log_templates[static_cast<std::size_t>(l.log_template)];
      ts.push_back(l.ts);
      level.push_back(w.level_dict->find(tpl.level));
      text.push_back(w.template_dict->find(tpl.text));
    }
  }
  Relation r;
  r.add("ts", Column::real(std::move(ts)))
      .add("level", Column::categorical(std::move(level), w.level_dict))
      .add("template", Column::categorical(std::move(text), w.template_dict));
  return r;
}

}  // namespace moce::sim
