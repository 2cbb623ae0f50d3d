// Incident categories' config: [incidents] categories and one [category.<name>] section each,
// whose `kind` (default: the name) selects what the section's keys mean (simulator/README.md).
#include <algorithm>
#include <map>

#include "runtime/error.hpp"
#include "simulator/config_parsing.hpp"

namespace moce::sim {

namespace parse {

std::vector<int> attribute_list(const Config& c, const std::string& key, const std::vector<std::string>& names,
                                const std::vector<std::string>& fallback) {
  std::vector<int> out;
  for (auto& a : c.get_list(key, fallback)) out.push_back(index_of(names, a, key, "attribute"));
  if (out.empty()) throw ConfigError(cat("config key '", key, "': no attribute listed"));
  return out;
}

}  // namespace parse

using namespace parse;

namespace {

const std::map<std::string, Category>& category_kinds() {
  static const std::map<std::string, Category> known = {
      {"url_latency", Category::kUrlLatency},     {"url_errors", Category::kUrlErrors},
      {"backup_failure", Category::kBackupFailure}, {"cohort_latency", Category::kCohortLatency},
      {"cohort_errors", Category::kCohortErrors}, {"app_version_bug", Category::kAppVersionBug},
      {"event_sequence", Category::kEventSequence}, {"server_log", Category::kServerLog},
      {"lifecycle", Category::kLifecycle},        {"null", Category::kNull},
      {"red_herring", Category::kRedHerring},     {"correlated_attribute", Category::kCorrelatedAttribute},
      {"combination", Category::kCombination},    {"two_causes", Category::kTwoCauses}};
  return known;
}

Category parse_category(const Config& c, const std::string& key, const std::string& name) {
  auto it = category_kinds().find(name);
  if (it == category_kinds().end()) {
    std::string known;
    for (auto& [k, v] : category_kinds()) known += (known.empty() ? "" : ", ") + k;
    const auto source = c.has(key) ? cat(" (", c.entries().at(key).source, ")") : std::string();
    throw ConfigError(cat("config key '", key, "'", source, ": unknown category '", name, "' (known kinds: ", known,
                          "; a category of another name sets `kind`)"));
  }
  return it->second;
}

}  // namespace

void load_categories(const Config& c, World& w) {
  std::vector<std::string> kpi_names, attribute_names, template_texts;
  for (auto& k : w.kpis) kpi_names.push_back(k.name);
  for (auto& a : w.attributes) attribute_names.push_back(a.name);
  ignore_unlisted(c, "category", require_list(c, "incidents.categories"));
  for (auto& name : require_list(c, "incidents.categories")) {
    const std::string s = "category." + name + ".";
    CategorySpec g;
    g.name = name;
    g.category = parse_category(c, s + "kind", c.get_string(s + "kind", name));
    g.fraction_min = c.get_double(s + "fraction_min", w.fraction_min, 0, 1);
    g.fraction_max = c.get_double(s + "fraction_max", std::max(w.fraction_max, g.fraction_min), g.fraction_min, 1);
    g.traffic_scale = c.get_double(s + "traffic_scale", 1, 0.01, 1000);
    for (auto& k : require_list(c, s + "kpis")) g.kpis.push_back(index_of(kpi_names, k, s + "kpis", "kpi"));
    g.latency_factor_min = c.get_double(s + "latency_factor_min", 2, 1, 1000);
    g.latency_factor_max = c.get_double(s + "latency_factor_max", 8, g.latency_factor_min, 1000);
    g.error_rate_min = c.get_double(s + "error_rate_min", 0.2, 0, 1);
    g.error_rate_max = c.get_double(s + "error_rate_max", 0.9, g.error_rate_min, 1);
    const auto cat_kind = g.category;
    if (cat_kind == Category::kCohortLatency || cat_kind == Category::kCohortErrors ||
        cat_kind == Category::kRedHerring || cat_kind == Category::kTwoCauses || cat_kind == Category::kCombination) {
      g.attributes = attribute_list(c, s + "attributes", attribute_names, attribute_names);
      if (cat_kind == Category::kCombination && g.attributes.size() < 2)
        throw ConfigError(cat("config key '", s, "attributes': a combination needs two attributes or more"));
      g.min_value_share = c.get_double(s + "min_value_share", 0.02, 0, 1);
    }
    if (cat_kind == Category::kRedHerring || cat_kind == Category::kTwoCauses)
      g.cohort_prob = c.get_double(s + "cohort_prob", 0.5, 0, 1);
    if (cat_kind == Category::kRedHerring) {
      g.decoy_url_prob = c.get_double(s + "decoy_url_prob", 0.5, 0, 1);
      g.decoy_latency_factor_min = c.get_double(s + "decoy_latency_factor_min", 1.3, 1, 1000);
      g.decoy_latency_factor_max = c.get_double(s + "decoy_latency_factor_max", 2, g.decoy_latency_factor_min, 1000);
      g.decoy_error_rate_min = c.get_double(s + "decoy_error_rate_min", 0.05, 0, 1);
      g.decoy_error_rate_max = c.get_double(s + "decoy_error_rate_max", 0.15, g.decoy_error_rate_min, 1);
    }
    if (cat_kind == Category::kCombination) g.max_overlap = c.get_double(s + "max_overlap", 0.7, 0.01, 1);
    if (cat_kind == Category::kCorrelatedAttribute) {
      g.attributes.push_back(index_of(attribute_names, c.require_string(s + "attribute"), s + "attribute", "attribute"));
      std::vector<std::string> others;
      for (auto& a : attribute_names)
        if (a != attribute_names[static_cast<std::size_t>(g.attributes[0])]) others.push_back(a);
      g.correlated_attributes = attribute_list(c, s + "correlated_attributes", attribute_names, others);
      g.min_value_share = c.get_double(s + "min_value_share", 0.02, 0, 1);
      g.min_correlated_share = c.get_double(s + "min_correlated_share", 0.5, 0, 1);
      g.max_correlated_share = c.get_double(s + "max_correlated_share", 0.99, g.min_correlated_share, 1);
      g.min_cover = c.get_double(s + "min_cover", 0.9, 0, 1);
    }
    if (cat_kind == Category::kAppVersionBug) {
      g.attributes.push_back(index_of(attribute_names, c.require_string(s + "attribute"), s + "attribute",
                                      "attribute"));
      g.min_value_share = c.get_double(s + "min_value_share", 0.02, 0, 1);
    }
    if (cat_kind == Category::kEventSequence) {
      for (auto k : g.kpis) {
        std::vector<std::vector<std::int32_t>> list;
        const auto key = s + "patterns." + kpi_names[static_cast<std::size_t>(k)];
        for (auto& p : require_list(c, key)) list.push_back(parse_pattern(w, p, key));
        g.patterns.push_back(list);
      }
    }
    if (cat_kind == Category::kServerLog) {
      for (std::size_t t = 0; t < w.log_templates.size(); ++t)
        if (w.log_templates[t].level == c.get_string(s + "level", w.log_error_level)) g.templates.push_back(static_cast<int>(t));
      if (g.templates.empty()) throw ConfigError(cat("config key '", s, "level': no server log template has it"));
    }
    if (cat_kind == Category::kLifecycle) {
      g.returning_min_index = c.get_int(s + "returning_min_index", 2, 2, 1000000);
      g.first_session_prob = c.get_double(s + "first_session_prob", 0.5, 0, 1);
      g.attribute_prob = c.get_double(s + "attribute_prob", 0.5, 0, 1);
      g.lifecycle_attribute = index_of(attribute_names, c.require_string(s + "attribute"), s + "attribute",
                                       "attribute");
    }
    w.categories.push_back(std::move(g));
  }
}

const char* to_string(Category c) {
  switch (c) {
    case Category::kUrlLatency: return "url_latency";
    case Category::kUrlErrors: return "url_errors";
    case Category::kBackupFailure: return "backup_failure";
    case Category::kCohortLatency: return "cohort_latency";
    case Category::kCohortErrors: return "cohort_errors";
    case Category::kAppVersionBug: return "app_version_bug";
    case Category::kEventSequence: return "event_sequence";
    case Category::kServerLog: return "server_log";
    case Category::kLifecycle: return "lifecycle";
    case Category::kNull: return "null";
    case Category::kRedHerring: return "red_herring";
    case Category::kCorrelatedAttribute: return "correlated_attribute";
    case Category::kCombination: return "combination";
    case Category::kTwoCauses: return "two_causes";
  }
  return "?";
}

}  // namespace moce::sim
