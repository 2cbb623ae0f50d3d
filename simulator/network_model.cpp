// Network model; see network_model.hpp. Per-value factors are log-normal with mean 1, so an
// attribute's spread changes the variety between its values, not the average latency.
#include "simulator/network_model.hpp"

#include <cmath>

namespace moce::sim {

namespace {
constexpr std::uint64_t kFactorStream = 0x4e4554ULL;  // "NET"
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

}  // namespace moce::sim
