// Boost.Program_options front end feeding Config.
#include "eval/cli/options.hpp"

#include <iostream>
#include <sstream>

#include "runtime/error.hpp"

namespace moce::cli {

void add_option(po::options_description& options, const std::string& flag, const std::string& help) {
  options.add_options()(flag.c_str(), po::value<std::string>(), help.c_str());
}

void add_list_option(po::options_description& options, const std::string& flag, const std::string& help) {
  options.add_options()(flag.c_str(), po::value<std::vector<std::string>>()->composing(), help.c_str());
}

void add_flag(po::options_description& options, const std::string& flag, const std::string& help) {
  options.add_options()(flag.c_str(), po::value<std::string>()->zero_tokens()->implicit_value("true"), help.c_str());
}

void require_events_kind(const Config& config, const std::string& command, const std::string& usage) {
  const auto kind = config.get_string("kind", "");
  if (kind.empty()) throw UsageError(cat("moce ", command, ": say what to ", command, ": '", usage, "'"));
  if (kind != "events")
    throw UsageError(cat("moce ", command, ": unknown kind '", kind, "'; only 'events' can be ", command, "ed"));
}

void print(const Context& world, const std::string& text) {
  if (world.rank() == 0) std::cout << text << std::flush;
}

std::optional<Config> parse_command_line(const CommandSpec& spec, po::options_description options,
                                         const std::vector<std::string>& args, const Context& world) {
  options.add_options()("config", po::value<std::string>(), "read settings from this INI file; options given "
                                                             "on the command line override it")(
      "help,h", "print this help and exit");
  po::options_description all;
  all.add(options);
  po::positional_options_description positional;
  for (auto& name : spec.positional) {
    all.add_options()(name.c_str(), po::value<std::string>(), "");
    positional.add(name.c_str(), 1);
  }
  po::variables_map vm;
  try {
    po::store(po::command_line_parser(args).options(all).positional(positional).run(), vm);
  } catch (const po::error& e) {
    throw UsageError(cat("moce ", spec.name, ": ", e.what(), " (see 'moce ", spec.name, " --help')"));
  }
  if (vm.count("help")) {
    std::ostringstream help;
    help << "usage: " << spec.usage << "\n\n" << spec.description << "\n\n" << options;
    print(world, help.str());
    return std::nullopt;
  }
  Config config;
  if (vm.count("config")) config.load_ini(vm["config"].as<std::string>());
  for (auto& [name, value] : vm) {
    if (name == "config" || name == "help") continue;
    if (const auto* list = boost::any_cast<std::vector<std::string>>(&value.value())) {
      std::string joined;
      for (const auto& item : *list) joined += (joined.empty() ? "" : ",") + item;
      config.set(name, joined);
      continue;
    }
    config.set(name, value.as<std::string>());
  }
  return config;
}

}  // namespace moce::cli
