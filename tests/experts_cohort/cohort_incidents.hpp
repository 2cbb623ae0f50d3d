// Hand-built populations for the cohort experts' tests: sessions drawn from a small deterministic
// generator (splitmix64, so every platform and rank count sees the same incident), with a
// baseline, optional load drift and one injected cause.
#pragma once

#include <cmath>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "tests/experts_support/incident_builder.hpp"

namespace moce::test {

class Rng {
 public:
  explicit Rng(std::uint64_t seed) : state_(seed) {}
  std::uint64_t next() {
    std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
  // Box-Muller, one value per call.
  double normal() {
    const double u = std::max(uniform(), 1e-300), v = uniform();
    return std::sqrt(-2 * std::log(u)) * std::cos(6.283185307179586 * v);
  }
  bool bernoulli(double p) { return uniform() < p; }
  // An index drawn with the given (unnormalised) weights.
  std::size_t pick(const std::vector<double>& weights) {
    double total = 0;
    for (double w : weights) total += w;
    double x = uniform() * total;
    for (std::size_t i = 0; i < weights.size(); ++i) {
      if (x < weights[i]) return i;
      x -= weights[i];
    }
    return weights.size() - 1;
  }

 private:
  std::uint64_t state_;
};

// One categorical attribute: its values and their traffic weights.
struct AttributeSpec {
  std::string name;
  std::vector<std::string> values;
  std::vector<double> weights;  // empty: uniform
};

inline std::vector<std::string> draw_attributes(Rng& rng, const std::vector<AttributeSpec>& specs) {
  std::vector<std::string> out;
  for (const auto& spec : specs) {
    const std::vector<double> w = spec.weights.empty() ? std::vector<double>(spec.values.size(), 1.0) : spec.weights;
    out.push_back(spec.values[rng.pick(w)]);
  }
  return out;
}

// Adds n sessions spread over the historical (anomaly = false) or anomaly window; `make` fills
// each session's attributes, KPI and events from the rng and the session's start time.
inline void add_sessions(IncidentBuilder& b, int n, bool anomaly,
                         const std::function<void(TestSession&, double start)>& make) {
  for (int i = 0; i < n; ++i) {
    TestSession s;
    s.start = anomaly ? b.anomaly((i + 0.5) / n) : b.hist((i + 0.5) / n);
    make(s, s.start);
    b.session(std::move(s));
  }
}

inline std::vector<std::string> names_of(const std::vector<AttributeSpec>& specs) {
  std::vector<std::string> out;
  for (const auto& s : specs) out.push_back(s.name);
  return out;
}

// Values v0..v(n-1) prefixed with `prefix`.
inline std::vector<std::string> values(const std::string& prefix, int n) {
  std::vector<std::string> out;
  for (int i = 0; i < n; ++i) out.push_back(prefix + std::to_string(i));
  return out;
}

// A real KPI around `mean` (sd 20%), never below 1.
inline double latency(Rng& rng, double mean) { return std::max(1.0, mean * (1 + 0.2 * rng.normal())); }

// The null incident: realistic noise and load drift, nothing injected. Anomaly: 8% more load on
// the KPI for everyone (real) or 2 points less success (binary), and the traffic mix drifts
// (the first value of every attribute gains share).
inline IncidentBuilder null_incident(const std::string& id, KpiKind kind, std::uint64_t seed, int hist = 2400,
                                     int anomaly = 600) {
  const bool binary = kind == KpiKind::kBinary;
  IncidentBuilder b(id, binary ? "success" : "latency", kind, binary);
  std::vector<AttributeSpec> attrs{{"isp", values("isp-", 8), {}},
                                   {"os", values("os-", 5), {}},
                                   {"app", values("v", 6), {}},
                                   {"region", values("r", 4), {}}};
  b.attributes(names_of(attrs));
  Rng rng(seed);
  for (int w = 0; w < 2; ++w) {
    auto specs = attrs;
    if (w == 1)
      for (auto& s : specs) {
        s.weights.assign(s.values.size(), 1.0);
        s.weights[0] = 1.6;
      }
    add_sessions(b, w == 0 ? hist : anomaly, w == 1, [&](TestSession& s, double) {
      s.attrs = draw_attributes(rng, specs);
      s.session_index = rng.bernoulli(0.3) ? 1 : 2 + static_cast<std::int64_t>(rng.uniform() * 5);
      if (binary)
        s.kpi = {rng.bernoulli(w == 0 ? 0.95 : 0.93) ? 1.0 : 0.0};
      else
        s.kpi = {latency(rng, w == 0 ? 1000 : 1080)};
    });
  }
  return b;
}

// A cohort failure in a realistic population: isp-3 twice as slow for 70% of its sessions.
inline IncidentBuilder isp_failure(KpiKind kind, std::uint64_t seed) {
  const bool binary = kind == KpiKind::kBinary;
  IncidentBuilder b("isp_failure", binary ? "success" : "latency", kind, binary);
  const std::vector<AttributeSpec> attrs{
      {"isp", values("isp-", 8), {}}, {"os", values("os-", 5), {}}, {"app", values("v", 6), {}}, {"region", values("r", 4), {}}};
  b.attributes(names_of(attrs));
  Rng rng(seed);
  for (int w = 0; w < 2; ++w)
    add_sessions(b, w == 0 ? 2400 : 600, w == 1, [&](TestSession& s, double) {
      s.attrs = draw_attributes(rng, attrs);
      const bool hit = w == 1 && s.attrs[0] == "isp-3" && rng.bernoulli(0.7);
      s.kpi = {binary ? (rng.bernoulli(hit ? 0.5 : 0.95) ? 1.0 : 0.0) : latency(rng, hit ? 2000 : 1000)};
    });
  return b;
}

// 30% first sessions; in the anomaly the `hit` lifecycle cohort gets worse for half its sessions.
inline IncidentBuilder lifecycle_incident(KpiKind kind, bool hit_returning, std::uint64_t seed) {
  const bool binary = kind == KpiKind::kBinary;
  IncidentBuilder b("lifecycle", binary ? "success" : "latency", kind, binary);
  const std::vector<AttributeSpec> attrs{{"isp", values("isp-", 6), {}}, {"os", values("os-", 4), {}}};
  b.attributes(names_of(attrs));
  Rng rng(seed);
  for (int w = 0; w < 2; ++w)
    add_sessions(b, w == 0 ? 2400 : 600, w == 1, [&](TestSession& s, double) {
      s.attrs = draw_attributes(rng, attrs);
      const bool first = rng.bernoulli(0.3);
      s.session_index = first ? 1 : 2 + static_cast<std::int64_t>(rng.uniform() * 9);
      const bool hit = w == 1 && first != hit_returning && rng.bernoulli(0.5);
      s.kpi = {binary ? (rng.bernoulli(hit ? 0.6 : 0.95) ? 1.0 : 0.0) : latency(rng, hit ? 1600 : 1000)};
    });
  return b;
}

// isp A/B/C and os x/y/z uniform (each value a third of the traffic, so the pair isp:A&os:x is a
// third of each part: <= 70%), plus two bystander attributes. `fails(isp, os)`: sessions slowed
// (x2.5) in the anomaly.
inline IncidentBuilder grid_incident(const std::function<bool(const std::string&, const std::string&)>& fails, std::uint64_t seed) {
  IncidentBuilder b("grid", "latency", KpiKind::kReal, false);
  const std::vector<AttributeSpec> attrs{{"isp", {"A", "B", "C"}, {}},
                                         {"os", {"x", "y", "z"}, {}},
                                         {"app", values("v", 5), {}},
                                         {"region", values("r", 4), {}}};
  b.attributes(names_of(attrs));
  Rng rng(seed);
  for (int w = 0; w < 2; ++w)
    add_sessions(b, w == 0 ? 2400 : 600, w == 1, [&](TestSession& s, double) {
      s.attrs = draw_attributes(rng, attrs);
      const bool hit = w == 1 && fails(s.attrs[0], s.attrs[1]);
      s.kpi = {latency(rng, hit ? 2500 : 1000)};
    });
  return b;
}

// Devices d1..d4 with shares 40/10/25/25%; d1 and d2 run os x (d1 = 80% of x), d3 and d4 os y.
// `slow(device)`: its sessions are 2x slower in the anomaly.
inline IncidentBuilder device_incident(const std::function<bool(const std::string&)>& slow, std::uint64_t seed) {
  IncidentBuilder b("device", "latency", KpiKind::kReal, false);
  const std::vector<AttributeSpec> attrs{{"device", {"d1", "d2", "d3", "d4"}, {40, 10, 25, 25}}, {"isp", values("isp-", 5), {}}};
  b.attributes({"device", "os", "isp"});
  Rng rng(seed);
  for (int w = 0; w < 2; ++w)
    add_sessions(b, w == 0 ? 2400 : 600, w == 1, [&](TestSession& s, double) {
      const auto drawn = draw_attributes(rng, attrs);
      s.attrs = {drawn[0], drawn[0] == "d1" || drawn[0] == "d2" ? "x" : "y", drawn[1]};
      s.kpi = {latency(rng, w == 1 && slow(drawn[0]) ? 2000 : 1000)};
    });
  return b;
}

// App versions v1..v4 (v2: 30% of sessions); every session calls /api/a, /api/b and /api/c once;
// the KPI is their total latency. In the anomaly v2 makes every URL 2x slower.
inline IncidentBuilder version_incident(std::uint64_t seed, bool inject) {
  IncidentBuilder b("version", "load_time", KpiKind::kReal, false);
  const std::vector<AttributeSpec> attrs{{"app_version", {"v1", "v2", "v3", "v4"}, {30, 30, 20, 20}},
                                         {"isp", values("isp-", 5), {}},
                                         {"os", values("os-", 3), {}}};
  b.attributes(names_of(attrs));
  Rng rng(seed);
  const std::vector<std::pair<std::string, double>> urls{{"/api/a", 100}, {"/api/b", 200}, {"/api/c", 300}};
  for (int w = 0; w < 2; ++w)
    add_sessions(b, w == 0 ? 2400 : 600, w == 1, [&](TestSession& s, double start) {
      s.attrs = draw_attributes(rng, attrs);
      const double factor = inject && w == 1 && s.attrs[0] == "v2" ? 2.0 : 1.0;
      double total = 0;
      for (std::size_t u = 0; u < urls.size(); ++u) {
        const double ms = latency(rng, urls[u].second * factor);
        total += ms;
        s.events.push_back({start + 1.0 + static_cast<double>(u), "request", urls[u].first, ms, "ok"});
      }
      s.kpi = {total};
    });
  return b;
}

}  // namespace moce::test
