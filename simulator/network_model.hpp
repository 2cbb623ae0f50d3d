// The network, third-party and backend model (MoCE sec. 5.4): a response's latency and success
// depend on the URL, the session's cohort attributes (hidden per-value factors fixed by the
// world's seed) and the time of day (the load curve).
#pragma once

#include <cstdint>
#include <vector>

#include "simulator/random.hpp"
#include "simulator/world.hpp"

namespace moce::sim {

// What the model needs to know about a session, computed once per session.
struct SessionTraits {
  double latency_factor = 1;  // product of its attribute values' latency factors
  double error_factor = 1;
  bool browser = false;       // may see CORS errors
};

class NetworkModel {
 public:
  explicit NetworkModel(const World& world);
  SessionTraits traits(const std::int32_t* codes) const;
  // Load-curve multipliers at time t.
  double latency_load(double t) const { return 1 + world_.load_latency_gain * world_.load_at(t); }
  double error_load(double t) const { return 1 + world_.load_error_gain * world_.load_at(t); }
  // A response latency in ms before any injected fault.
  double latency_ms(int request, double factor, Rng& rng) const {
    const auto& r = req_[static_cast<std::size_t>(request)];
    return r.mean * factor * std::exp(r.sigma * rng.normal() - r.half_var);
  }
  double failure_rate(int request, double factor) const {
    const double p = req_[static_cast<std::size_t>(request)].failure * factor;
    return p < 1 ? p : 1;
  }
  double value_latency_factor(int attribute, std::int32_t code) const {
    return latency_[static_cast<std::size_t>(attribute)][static_cast<std::size_t>(code)];
  }

 private:
  struct Request {
    double mean, sigma, half_var, failure;
  };
  const World& world_;
  std::vector<Request> req_;
  std::vector<std::vector<double>> latency_, error_;
};

// The slow drift of the hidden factors over one incident's span (World::Drift): knot values for
// every attribute value and request, keyed by (world seed, value, knot) so that a value drifts the
// same way whichever incident or rank looks at it.
class DriftTable {
 public:
  DriftTable(const World& world, double t0, double t1);
  // Multiplies `latency` and `error` by the drift of the session's values at time t.
  void apply_values(const std::int32_t* codes, double t, double& latency, double& error) const;
  // Multiplies them by the drift of one request at time t.
  void apply_url(int request, double t, double& latency, double& error) const;

 private:
  struct Knots {
    std::vector<double> latency, error;  // per knot
    double load_latency = 0, load_error = 0;  // sensitivity to the load
  };
  double weight(double t, std::size_t& k) const;  // interpolation weight of knot k + 1
  const World& world_;
  bool values_on_ = false, urls_on_ = false;
  std::int64_t first_knot_ = 0;
  std::size_t knots_ = 0;
  std::vector<std::vector<Knots>> values_;  // [attribute][value]
  std::vector<Knots> urls_;                 // [request]
};

}  // namespace moce::sim
