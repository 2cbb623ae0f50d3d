// The mixture's settings from the config: which experts ([mixture] experts, a comma list; empty =
// all registered), K, the confidence floor, and per-expert weights ([mixture] weight.<expert>).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "experts/core/registry.hpp"
#include "experts/mixture/mixture.hpp"
#include "runtime/config.hpp"

namespace moce::experts {

struct MixtureSetup {
  std::vector<std::unique_ptr<Expert>> experts;
  MixtureOptions options;
  std::vector<const Expert*> pointers() const;
};

// Reads `experts_key` (a comma list; "" = every registered expert), `mixture.k`, `mixture.floor`,
// `mixture.threads` and `mixture.weight.<name>`, and each expert's [expert.<name>] parameters.
// Throws ConfigError on an unknown expert, an empty list given explicitly, K < 1, or a weight for
// an expert that is not in the mixture. Weights default to the calibrated reliabilities in
// mixture_config.cpp (`mixture.calibrated_weights = 0`: every expert weighs 1).
MixtureSetup read_mixture(const Config& config, const Registry& registry, const std::string& experts_key = "experts");

}  // namespace moce::experts
