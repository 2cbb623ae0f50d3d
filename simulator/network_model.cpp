// Network model; see network_model.hpp. Per-value factors are log-normal with mean 1, so an
// attribute's spread changes the variety between its values, not the average latency.
#include "simulator/network_model.hpp"

#include <algorithm>
#include <cmath>

namespace moce::sim {

namespace {
constexpr std::uint64_t kFactorStream = 0x4e4554ULL;  // "NET"
constexpr std::uint64_t kDriftStream = 0x4452494654ULL;  // "DRIFT"
constexpr std::uint64_t kUrlKey = 1ULL << 40;             // requests' keys, apart from attribute values

double smoothstep(double x) { return x * x * (3 - 2 * x); }
}

NetworkModel::NetworkModel(const World& world) : world_(world) {
  for (auto& r : world.requests) {
    const double s2 = std::log1p((r.sd_ms * r.sd_ms) / (r.mean_ms * r.mean_ms));
    req_.push_back({r.mean_ms, std::sqrt(s2), 0.5 * s2, r.failure_rate});
  }
  for (std::size_t a = 0; a < world.attributes.size(); ++a) {
    const auto& spec = world.attributes[a];
    latency_.emplace_back();
    error_.emplace_back();
    for (std::size_t v = 0; v < spec.values.size(); ++v) {
      Rng rng(stream_key(world.seed, kFactorStream, a, v));
      const double zl = rng.normal(), ze = rng.normal();
      latency_.back().push_back(std::exp(spec.latency_spread * zl - 0.5 * spec.latency_spread * spec.latency_spread));
      error_.back().push_back(std::exp(spec.error_spread * ze - 0.5 * spec.error_spread * spec.error_spread));
    }
  }
}

SessionTraits NetworkModel::traits(const std::int32_t* codes) const {
  SessionTraits t;
  for (std::size_t a = 0; a < latency_.size(); ++a) {
    t.latency_factor *= latency_[a][static_cast<std::size_t>(codes[a])];
    t.error_factor *= error_[a][static_cast<std::size_t>(codes[a])];
  }
  if (world_.cors_attribute >= 0)
    t.browser = world_.cors_values[static_cast<std::size_t>(codes[world_.cors_attribute])] != 0;
  return t;
}

DriftTable::DriftTable(const World& world, double t0, double t1) : world_(world) {
  const auto& d = world.drift;
  values_on_ = d.latency_sigma > 0 || d.error_sigma > 0 || d.load_sigma > 0;
  urls_on_ = d.url_latency_sigma > 0 || d.url_error_sigma > 0;
  const double span = d.hours * 3600.0;
  first_knot_ = static_cast<std::int64_t>(std::floor(t0 / span));
  knots_ = static_cast<std::size_t>(std::floor(t1 / span) - static_cast<double>(first_knot_)) + 2;
  auto fill = [&](std::uint64_t key, double sl, double se) {
    Knots k;
    Rng sens(stream_key(world.seed, kDriftStream, key));
    k.load_latency = d.load_sigma * sens.normal();
    k.load_error = d.load_sigma * sens.normal();
    for (std::size_t i = 0; i < knots_; ++i) {
      Rng rng(stream_key(world.seed, kDriftStream, key, static_cast<std::uint64_t>(first_knot_) + i));
      k.latency.push_back(sl * rng.normal());
      k.error.push_back(se * rng.normal());
    }
    return k;
  };
  if (values_on_)
    for (std::size_t a = 0; a < world.attributes.size(); ++a) {
      values_.emplace_back();
      for (std::size_t v = 0; v < world.attributes[a].values.size(); ++v)
        values_.back().push_back(fill((a << 20) | v, d.latency_sigma, d.error_sigma));
    }
  if (urls_on_)
    for (std::size_t r = 0; r < world.requests.size(); ++r)
      urls_.push_back(fill(kUrlKey + r, d.url_latency_sigma, d.url_error_sigma));
}

double DriftTable::weight(double t, std::size_t& k) const {
  const double x = t / (world_.drift.hours * 3600.0) - static_cast<double>(first_knot_);
  const double at = std::clamp(x, 0.0, static_cast<double>(knots_ - 1) - 1e-9);
  k = static_cast<std::size_t>(at);
  return smoothstep(at - static_cast<double>(k));
}

void DriftTable::apply_values(const std::int32_t* codes, double t, double& latency, double& error) const {
  if (!values_on_) return;
  std::size_t k = 0;
  const double f = weight(t, k), load = world_.load_at(t);
  double log_latency = 0, log_error = 0;
  for (std::size_t a = 0; a < values_.size(); ++a) {
    const auto& v = values_[a][static_cast<std::size_t>(codes[a])];
    log_latency += (1 - f) * v.latency[k] + f * v.latency[k + 1] + v.load_latency * load;
    log_error += (1 - f) * v.error[k] + f * v.error[k + 1] + v.load_error * load;
  }
  latency *= std::exp(log_latency);
  error *= std::exp(log_error);
}

void DriftTable::apply_url(int request, double t, double& latency, double& error) const {
  if (!urls_on_) return;
  std::size_t k = 0;
  const double f = weight(t, k);
  const auto& u = urls_[static_cast<std::size_t>(request)];
  latency *= std::exp((1 - f) * u.latency[k] + f * u.latency[k + 1]);
  error *= std::exp((1 - f) * u.error[k] + f * u.error[k + 1]);
}

}  // namespace moce::sim
