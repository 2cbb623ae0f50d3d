// Attribute sampling; see attributes.hpp.
#include "simulator/attributes.hpp"

#include <cmath>

namespace moce::sim {

void sample_attributes(const World& world, Rng& rng, std::int32_t* codes) {
  for (std::size_t i = 0; i < world.attributes.size(); ++i) {
    const auto& a = world.attributes[i];
    const double u = rng.uniform();  // one draw per attribute whatever the mode, so streams stay aligned
    const auto parent = a.parent >= 0 ? static_cast<std::size_t>(codes[a.parent]) : 0;
    switch (a.mode) {
      case AttributeMode::kIndependent: codes[i] = a.popularity.sample(u); break;
      case AttributeMode::kDerived: codes[i] = a.derived[parent]; break;
      case AttributeMode::kConditional: codes[i] = a.allowed[parent][static_cast<std::size_t>(a.allowed_zipf[parent].sample(u))]; break;
      case AttributeMode::kCorrelated: {
        // Follow the parent's popularity rank (newest os with newest app), else draw by popularity.
        const double v = rng.uniform();
        if (v < a.correlation) {
          const auto& up = world.attributes[static_cast<std::size_t>(a.parent)];
          const double rank = up.values.size() > 1 ? static_cast<double>(parent) / static_cast<double>(up.values.size() - 1) : 0;
          codes[i] = static_cast<std::int32_t>(std::lround(rank * static_cast<double>(a.values.size() - 1)));
        } else {
          codes[i] = a.popularity.sample(u);
        }
        break;
      }
    }
  }
}

}  // namespace moce::sim
