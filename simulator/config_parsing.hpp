// Shared helpers of the world config's parsers (world_config.cpp, category_config.cpp): lists,
// numbers and names checked against the config, each error naming its key.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "runtime/config.hpp"
#include "simulator/world.hpp"

namespace moce::sim {

namespace parse {

inline constexpr double kBig = 1e12;
std::string trim(const std::string& s);
std::vector<std::string> split(const std::string& text, char sep);
// A non-empty comma-separated list, else a ConfigError naming the key.
std::vector<std::string> require_list(const Config& c, const std::string& key);
double parse_number(const std::string& text, const std::string& key, double lo, double hi);
// The position of `name` in `names`, else a ConfigError listing the known `what`s.
int index_of(const std::vector<std::string>& names, const std::string& name, const std::string& key,
             const std::string& what);
// Sections of `kind` not selected by `names` are ignored, not typos: their keys are marked read.
void ignore_unlisted(const Config& c, const std::string& kind, const std::vector<std::string>& names);
// "e1>e2>..." as event codes; every event must exist.
std::vector<std::int32_t> parse_pattern(World& w, const std::string& text, const std::string& key);

// Attribute names listed under `key` (default `fallback`) as indices; at least one.
std::vector<int> attribute_list(const Config& c, const std::string& key, const std::vector<std::string>& names,
                                const std::vector<std::string>& fallback);

}  // namespace parse

// [incidents] categories and their [category.<name>] sections (after KPIs, events and the log).
void load_categories(const Config& c, World& w);

}  // namespace moce::sim
