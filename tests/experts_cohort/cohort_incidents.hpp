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

}  // namespace moce::test
