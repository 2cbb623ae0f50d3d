// Cohort attributes of a user, drawn in config order so a child sees its parent's value:
// Zipf popularity, derived values (city -> region), conditional values (device -> os) and
// rank-correlated values (os_version -> app_version): the correlations that make RCA hard.
#pragma once

#include <cstdint>

#include "simulator/random.hpp"
#include "simulator/world.hpp"

namespace moce::sim {

// Fills codes[0 .. world.attributes.size()).
void sample_attributes(const World& world, Rng& rng, std::int32_t* codes);

}  // namespace moce::sim
