// Shared helpers of the simulator tests: the default world from configs/, and in-memory
// generation of one incident's sessions with their per-session ground truth.
#pragma once

#include <cmath>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "runtime/config.hpp"
#include "simulator/incident_plan.hpp"
#include "simulator/network_model.hpp"
#include "simulator/realised_effect.hpp"
#include "simulator/session_generator.hpp"
#include "simulator/world_config.hpp"

namespace moce::sim::test {

// The repository's configs/ folder (found from this file's path, as tests run in the build dir).
inline std::string configs_dir() {
  return (std::filesystem::path(__FILE__).parent_path().parent_path().parent_path() / "configs").string();
}

// Every category kind of configs/hard.ini (world_default.ini lists the paper's nine).
inline constexpr const char* kAllCategories =
    "url_latency, url_errors, backup_failure, cohort_latency, cohort_errors, app_version_bug, event_sequence, "
    "server_log, lifecycle, null, red_herring, correlated_attribute, combination, two_causes";

// The default world with `overrides` ("section.key", value) on top.
inline Config world_config(const std::vector<std::pair<std::string, std::string>>& overrides = {},
                           const std::string& file = "world_default.ini") {
  Config user;
  user.set("world", configs_dir() + "/" + file);
  for (auto& [k, v] : overrides) user.set(k, v);
  return resolve_world_config(user);
}

inline World default_world(const std::vector<std::pair<std::string, std::string>>& overrides = {}) {
  return load_world(world_config(overrides));
}

// A world file of configs/ with `overrides`.
inline World world_from(const std::string& file, const std::vector<std::pair<std::string, std::string>>& overrides = {}) {
  return load_world(world_config(overrides, file));
}

// Sessions [0, n) of one incident, generated in one process.
inline Telemetry generate(const World& world, const IncidentPlan& plan, std::uint64_t seed, std::int64_t n) {
  NetworkModel network(world);
  SessionGenerator generator(world, network, plan, seed);
  Telemetry t;
  t.reset(world);
  for (std::int64_t s = 0; s < n; ++s) generator.generate(s, t);
  return t;
}

// Every incident of the world as `moce simulate` draws it (redrawn below the realised floor),
// with its n x traffic_scale sessions generated in one process.
inline std::vector<std::pair<IncidentPlan, Telemetry>> draw_all(const World& world, std::uint64_t seed,
                                                                std::int64_t per_category, std::int64_t n) {
  const WorldStats stats(world);
  const NetworkModel network(world);
  auto local = make_local_context();
  std::vector<std::pair<IncidentPlan, Telemetry>> out;
  for (std::size_t g = 0; g < world.categories.size(); ++g)
    for (std::int64_t k = 0; k < per_category; ++k) {
      Telemetry t;
      auto plan = draw_incident(world, stats, network, seed, static_cast<int>(g), k,
                                static_cast<std::int64_t>(out.size()), per_category, n, INT64_MAX / 4, *local, &t);
      out.emplace_back(std::move(plan), std::move(t));
    }
  return out;
}

// Mean, variance and count of the non-NaN values selected by `keep`.
struct Moments {
  double mean = 0, var = 0;
  double n = 0;
};
template <class Keep>
Moments moments(const std::vector<double>& values, Keep keep) {
  Moments m;
  double sum = 0, sq = 0;
  for (std::size_t i = 0; i < values.size(); ++i)
    if (keep(i) && !std::isnan(values[i])) sum += values[i], sq += values[i] * values[i], m.n += 1;
  if (m.n > 0) m.mean = sum / m.n;
  if (m.n > 1) m.var = (sq - m.n * m.mean * m.mean) / (m.n - 1);
  return m;
}

// Welch's statistic (two-proportion z for 0/1 values, with the unpooled variance): difference of
// means over its standard error. With hundreds of samples it is close to a standard normal.
inline double welch_z(const Moments& a, const Moments& b) {
  const double se = std::sqrt(a.var / a.n + b.var / b.n);
  return se > 0 ? (a.mean - b.mean) / se : 0;
}

}  // namespace moce::sim::test
