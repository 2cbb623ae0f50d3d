// The `moce` subcommands: a table of name, one-line summary and entry point.
#pragma once

#include <string>
#include <vector>

#include "runtime/comm/context.hpp"

namespace moce::cli {

struct Command {
  std::string name;
  std::string summary;
  // Runs the subcommand on every rank of `world`; returns the exit status.
  int (*run)(const Context& world, const std::vector<std::string>& args);
  bool listed = true;  // shown by `moce --help` (test fixtures are runnable but not listed)
};

// Every subcommand, in the order `moce --help` lists them.
const std::vector<Command>& commands();

// Dispatches argv (without the program name) to a subcommand.
int run(const Context& world, const std::vector<std::string>& args);

// Subcommand entry points (one file each).
int inspect_main(const Context& world, const std::vector<std::string>& args);
int demo_main(const Context& world, const std::vector<std::string>& args);
int simulate_main(const Context& world, const std::vector<std::string>& args);
int import_main(const Context& world, const std::vector<std::string>& args);
int export_main(const Context& world, const std::vector<std::string>& args);
int rca_main(const Context& world, const std::vector<std::string>& args);
int evaluate_main(const Context& world, const std::vector<std::string>& args);
int calibrate_main(const Context& world, const std::vector<std::string>& args);
int experts_main(const Context& world, const std::vector<std::string>& args);
int opportunities_main(const Context& world, const std::vector<std::string>& args);

}  // namespace moce::cli
