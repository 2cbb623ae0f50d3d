// Command-line parsing shared by the subcommands (Boost.Program_options). Every option lands in a
// Config: --config FILE is read first, then command-line values override it.
#pragma once

#include <boost/program_options.hpp>
#include <optional>
#include <string>
#include <vector>

#include "runtime/comm/context.hpp"
#include "runtime/config.hpp"

namespace moce::cli {

namespace po = boost::program_options;

struct CommandSpec {
  std::string name;                     // e.g. "inspect"
  std::string usage;                    // e.g. "moce inspect FILE [options]"
  std::string description;              // a paragraph for --help
  std::vector<std::string> positional;  // config keys filled by positional arguments, in order
};

// Adds a string-valued option whose value is stored in the Config under `key`.
void add_option(po::options_description& options, const std::string& flag, const std::string& help);

// Adds a repeatable option; its values are stored comma-separated under `key` (Config::get_list).
void add_list_option(po::options_description& options, const std::string& flag, const std::string& help);

// Adds a flag without a value; present means the Config holds `key` = "true".
void add_flag(po::options_description& options, const std::string& flag, const std::string& help);

// Parses `args`. Returns nothing when --help was asked (the help is printed on rank 0); throws
// UsageError naming the bad option otherwise.
std::optional<Config> parse_command_line(const CommandSpec& spec, po::options_description options,
                                         const std::vector<std::string>& args, const Context& world);

// Checks the positional "kind" of `moce import|export KIND`: only `events` exists so far.
// Throws UsageError showing `usage` when it is missing, naming it when it is unknown.
void require_events_kind(const Config& config, const std::string& command, const std::string& usage);

// Prints on rank 0 only (SPMD: every rank runs the same command).
void print(const Context& world, const std::string& text);

}  // namespace moce::cli
