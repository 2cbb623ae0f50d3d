// Reads a World from a Config. The command's config names a world file (`world = FILE`, relative
// to the config that names it); the world file's keys can be overridden by the command's config.
#pragma once

#include "runtime/config.hpp"
#include "simulator/world.hpp"

namespace moce::sim {

// The world file's settings with `user`'s settings on top (the user's win). Without a `world`
// key, `user` alone must describe the world. Throws ConfigError if the world file is unreadable.
Config resolve_world_config(const Config& user);

// Builds the world; every key of the world's sections is read, range-checked, and named in any
// error. Call config.reject_unread(...) afterwards to catch typos.
World load_world(const Config& config);

}  // namespace moce::sim
