// World config parsing: attributes, requests, flows, KPIs, client, network, server log and
// incident categories, each from its own INI section (simulator/README.md lists the keys).
#include "simulator/world_config.hpp"
#include "simulator/config_parsing.hpp"

#include "operators/io/corpus_format.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>
#include <set>

#include "runtime/error.hpp"

namespace moce::sim {

namespace parse {

std::string trim(const std::string& s) {
  auto b = s.find_first_not_of(" \t");
  if (b == std::string::npos) return "";
  return s.substr(b, s.find_last_not_of(" \t") - b + 1);
}

std::vector<std::string> split(const std::string& text, char sep) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (true) {
    auto at = text.find(sep, start);
    out.push_back(trim(text.substr(start, at == std::string::npos ? std::string::npos : at - start)));
    if (at == std::string::npos) return out;
    start = at + 1;
  }
}

std::vector<std::string> require_list(const Config& c, const std::string& key) {
  auto list = c.get_list(key, {});
  if (list.empty()) throw ConfigError(cat("config key '", key, "' is required: a comma-separated list"));
  return list;
}

double parse_number(const std::string& text, const std::string& key, double lo, double hi) {
  char* end = nullptr;
  double v = std::strtod(text.c_str(), &end);
  if (text.empty() || *end != '\0' || !std::isfinite(v) || v < lo || v > hi)
    throw ConfigError(cat("config key '", key, "': '", text, "' is not a number in [", lo, ", ", hi, "]"));
  return v;
}

int index_of(const std::vector<std::string>& names, const std::string& name, const std::string& key,
             const std::string& what) {
  auto it = std::find(names.begin(), names.end(), name);
  if (it == names.end()) {
    std::string known;
    for (auto& n : names) known += (known.empty() ? "" : ", ") + n;
    throw ConfigError(cat("config key '", key, "': unknown ", what, " '", name, "' (known: ", known, ")"));
  }
  return static_cast<int>(it - names.begin());
}

// "a:0.5, b:0.3" -> names and cumulative probabilities; the rest of the mass goes to `rest`.
void parse_distribution(const Config& c, const std::string& key, const std::vector<std::string>& names,
                        const std::string& rest, std::vector<int>& out, std::vector<double>& cdf) {
  double total = 0;
  for (auto& item : require_list(c, key)) {
    auto colon = item.rfind(':');
    if (colon == std::string::npos)
      throw ConfigError(cat("config key '", key, "': expected name:probability, got '", item, "'"));
    const auto name = trim(item.substr(0, colon));
    const double p = parse_number(trim(item.substr(colon + 1)), key, 0, 1);
    out.push_back(name == rest ? -1 : index_of(names, name, key, "flow"));
    cdf.push_back(total += p);
  }
  if (total > 1 + 1e-9) throw ConfigError(cat("config key '", key, "': probabilities sum to ", total, " > 1"));
  if (total < 1 - 1e-9) {
    if (rest.empty()) throw ConfigError(cat("config key '", key, "': probabilities sum to ", total, ", expected 1"));
    out.push_back(-1);
    cdf.push_back(1.0);
  }
  cdf.back() = 1.0;
}

std::vector<std::string> section_ids(const Config& c, const std::string& section) {
  std::set<std::string> ids;
  for (auto& key : c.keys_in(section)) {
    auto rest = key.substr(section.size() + 1);
    ids.insert(rest.substr(0, rest.rfind('.')));
  }
  return {ids.begin(), ids.end()};
}

// Sections of `kind` not selected by `names` (e.g. a category left out of incidents.categories)
// are ignored, not typos: mark their keys read.
void ignore_unlisted(const Config& c, const std::string& kind, const std::vector<std::string>& names) {
  for (auto& key : c.keys_in(kind)) {
    const auto rest = key.substr(kind.size() + 1);
    if (std::find(names.begin(), names.end(), rest.substr(0, rest.find('.'))) == names.end()) c.get_string(key, "");
  }
}

std::vector<std::int32_t> parse_pattern(World& w, const std::string& text, const std::string& key) {
  std::vector<std::int32_t> out;
  for (auto& e : split(text, '>')) {
    const auto code = w.event_dict->find(e);
    if (e.empty() || code == kMissingCode)
      throw ConfigError(cat("config key '", key, "': pattern '", text, "' names unknown event '", e, "'"));
    out.push_back(code);
  }
  return out;
}

}  // namespace parse

using namespace parse;

namespace {

void load_attributes(const Config& c, World& w) {
  const auto names = require_list(c, "world.attributes");
  ignore_unlisted(c, "attribute", names);
  for (auto& name : names) {
    if (corpus::is_reserved_dictionary(name))
      throw ConfigError(cat("config key 'world.attributes' (", c.entries().at("world.attributes").source,
                            "): attribute name '", name, "' is reserved by the corpus layout; choose another"));
    const std::string s = "attribute." + name + ".";
    AttributeSpec a;
    a.name = name;
    a.zipf = c.get_double(s + "zipf", 1.0, 0, 10);
    a.latency_spread = c.get_double(s + "latency_spread", 0.0, 0, 3);
    a.error_spread = c.get_double(s + "error_spread", 0.0, 0, 3);
    const auto parent = c.get_string(s + "parent", "");
    const auto mode = c.get_string(s + "mode", parent.empty() ? "independent" : "conditional");
    std::vector<std::string> raw;
    if (c.has(s + "count")) {
      const auto n = c.get_int(s + "count", 1, 1, 100000);
      const auto prefix = c.get_string(s + "prefix", name + "-");
      for (std::int64_t i = 1; i <= n; ++i) raw.push_back(cat(prefix, i));
    } else {
      raw = require_list(c, s + "values");
    }
    if (!parent.empty()) {
      a.parent = index_of(std::vector<std::string>(names.begin(), names.end()), parent, s + "parent", "attribute");
      if (a.parent >= static_cast<int>(w.attributes.size()))
        throw ConfigError(cat("config key '", s, "parent': attribute '", parent, "' must come before '", name,
                              "' in world.attributes"));
    }
    const AttributeSpec* up = a.parent >= 0 ? &w.attributes[static_cast<std::size_t>(a.parent)] : nullptr;
    if (mode == "conditional") {
      if (!up) throw ConfigError(cat("config key '", s, "mode': conditional needs a parent"));
      a.mode = AttributeMode::kConditional;
      a.allowed.resize(up->values.size());
      for (auto& item : raw) {
        auto at = item.find('@');
        const auto value = trim(item.substr(0, at));
        const auto code = static_cast<std::int32_t>(a.values.size());
        a.values.push_back(value);
        if (at == std::string::npos) {
          for (auto& list : a.allowed) list.push_back(code);
        } else {
          for (auto& p : split(item.substr(at + 1), '|'))
            a.allowed[static_cast<std::size_t>(index_of(up->values, p, s + "values", "value of " + up->name))]
                .push_back(code);
        }
      }
      for (std::size_t p = 0; p < a.allowed.size(); ++p) {
        if (a.allowed[p].empty())
          throw ConfigError(cat("config key '", s, "values': no value allowed for ", up->name, "=", up->values[p]));
        a.allowed_zipf.emplace_back(static_cast<std::int64_t>(a.allowed[p].size()), a.zipf);
      }
    } else {
      a.values = raw;
      if (mode == "independent") {
        if (up) throw ConfigError(cat("config key '", s, "mode': independent attributes take no parent"));
        a.mode = AttributeMode::kIndependent;
      } else if (mode == "derived") {
        if (!up) throw ConfigError(cat("config key '", s, "mode': derived needs a parent"));
        a.mode = AttributeMode::kDerived;
        for (std::size_t p = 0; p < up->values.size(); ++p)
          a.derived.push_back(static_cast<std::int32_t>(p % a.values.size()));
      } else if (mode == "correlated") {
        if (!up) throw ConfigError(cat("config key '", s, "mode': correlated needs a parent"));
        a.mode = AttributeMode::kCorrelated;
        a.correlation = c.get_double(s + "correlation", 0.6, 0, 1);
      } else {
        throw ConfigError(cat("config key '", s, "mode': '", mode,
                              "' is not one of independent, derived, conditional, correlated"));
      }
      a.popularity = ZipfTable(static_cast<std::int64_t>(a.values.size()), a.zipf);
    }
    std::set<std::string> seen(a.values.begin(), a.values.end());
    if (seen.size() != a.values.size()) throw ConfigError(cat("attribute '", name, "': duplicate values"));
    w.attribute_dicts.push_back(std::make_shared<Dictionary>(a.values, name));
    w.attributes.push_back(std::move(a));
  }
}

void load_requests(const Config& c, World& w) {
  const auto ids = section_ids(c, "request");
  if (ids.empty()) throw ConfigError("the world has no [request.<id>] sections");
  for (auto& id : ids) {
    const std::string s = "request." + id + ".";
    RequestSpec r;
    r.id = id;
    r.url = c.require_string(s + "url");
    r.url_code = w.url_dict->intern(r.url);
    r.mean_ms = c.get_double(s + "mean_ms", 150, 0.1, 1e7);
    r.sd_ms = c.get_double(s + "sd_ms", r.mean_ms * 0.4, 0, 1e7);
    r.failure_rate = c.get_double(s + "failure_rate", 0.005, 0, 1);
    r.max_retries = static_cast<int>(c.get_int(s + "max_retries", 1, 0, 20));
    r.timeout_sec = c.get_double(s + "timeout_sec", 5, 0.001, 3600);
    r.cors = c.get_bool(s + "cors", false);
    w.requests.push_back(r);
  }
  for (std::size_t i = 0; i < ids.size(); ++i) {
    const auto backup = c.get_string("request." + ids[i] + ".backup", "");
    if (backup.empty()) continue;
    const int b = index_of(ids, backup, "request." + ids[i] + ".backup", "request");
    if (w.requests[static_cast<std::size_t>(b)].backup >= 0 || b == static_cast<int>(i))
      throw ConfigError(cat("config key 'request.", ids[i], ".backup': a backup may not have a backup itself"));
    w.requests[i].backup = b;
  }
}

void load_flows(const Config& c, World& w) {
  const auto names = require_list(c, "flows.names");
  ignore_unlisted(c, "flow", names);
  std::vector<std::string> request_ids;
  for (auto& r : w.requests) request_ids.push_back(r.id);
  for (auto& name : names) {
    const std::string s = "flow." + name + ".";
    FlowSpec f;
    f.name = name;
    f.action_event = w.event_dict->intern(c.get_string(s + "action", "click_" + name));
    f.start_event = w.event_dict->intern(c.get_string(s + "start_event", name + "_start"));
    f.end_event = w.event_dict->intern(c.get_string(s + "end_event", name + "_end"));
    f.client_failure_rate = c.get_double(s + "client_failure_rate", 0, 0, 1);
    for (auto& stage : split(c.require_string(s + "steps"), '>')) {
      std::vector<int> parallel;
      for (auto& r : split(stage, '+')) parallel.push_back(index_of(request_ids, r, s + "steps", "request"));
      f.stages.push_back(parallel);
    }
    w.flows.push_back(std::move(f));
  }
  for (std::size_t i = 0; i < names.size(); ++i)
    parse_distribution(c, "flow." + names[i] + ".next", names, "end", w.flows[i].next_flow, w.flows[i].next_cdf);
  parse_distribution(c, "flows.first", names, "", w.first_flow, w.first_flow_cdf);
}

void load_kpis(const Config& c, World& w) {
  std::vector<std::string> flow_names;
  for (auto& f : w.flows) flow_names.push_back(f.name);
  ignore_unlisted(c, "kpi", require_list(c, "kpis.names"));
  for (auto& name : require_list(c, "kpis.names")) {
    const std::string s = "kpi." + name + ".";
    KpiSpec k;
    k.name = name;
    const auto type = c.require_string(s + "type");
    if (type == "flow_duration") k.type = KpiType::kFlowDuration;
    else if (type == "flow_success") k.type = KpiType::kFlowSuccess;
    else if (type == "conversion") k.type = KpiType::kConversion;
    else if (type == "error_count") k.type = KpiType::kErrorCount;
    else
      throw ConfigError(cat("config key '", s, "type': '", type,
                            "' is not one of flow_duration, flow_success, conversion, error_count"));
    k.kind = (k.type == KpiType::kFlowSuccess || k.type == KpiType::kConversion) ? KpiKind::kBinary : KpiKind::kReal;
    k.higher_is_better = c.get_bool(s + "higher_is_better", k.kind == KpiKind::kBinary);
    if (k.type != KpiType::kErrorCount) k.flow = index_of(flow_names, c.require_string(s + "flow"), s + "flow", "flow");
    if (k.type == KpiType::kConversion) {
      k.to_flow = index_of(flow_names, c.require_string(s + "to_flow"), s + "to_flow", "flow");
      k.within_sec = c.get_double(s + "within_sec", 30, 0.001, 1e6);
    }
    w.kpis.push_back(k);
  }
}

void load_server_log(const Config& c, World& w) {
  for (auto& id : section_ids(c, "server_log.template")) {
    const auto key = "server_log.template." + id;
    auto parts = split(c.require_string(key), '|');
    if (parts.size() != 3)
      throw ConfigError(cat("config key '", key, "': expected 'level | template text | weight'"));
    w.log_templates.push_back({parts[0], parts[1], parse_number(parts[2], key, 0, kBig)});
    w.level_dict->intern(parts[0]);
    w.template_dict->intern(parts[1]);
  }
  if (w.log_templates.empty()) throw ConfigError("the world has no server_log.template.<id> keys");
  w.log_lines_per_minute = c.get_double("server_log.lines_per_minute", 20, 0, 1e6);
  w.log_error_level = c.get_string("server_log.error_level", "error");
  w.burst_lines_per_minute = c.get_double("server_log.burst_lines_per_minute", 30, 0, 1e6);
  w.background_bursts_per_hour = c.get_double("server_log.background_bursts_per_hour", 0.5, 0, 1000);
  for (auto& v : require_list(c, "server_log.burst_shape"))
    w.burst_shape.push_back(parse_number(v, "server_log.burst_shape", 0, kBig));
}

}  // namespace

Config resolve_world_config(const Config& user) {
  Config merged;
  if (user.has("world")) {
    auto path = std::filesystem::path(user.get_string("world", ""));
    const auto& source = user.entries().at("world").source;
    // A relative world file is found next to the config that names it ("dir/paper.ini:3").
    if (path.is_relative() && source.find(':') != std::string::npos) {
      auto dir = std::filesystem::path(source.substr(0, source.rfind(':'))).parent_path();
      if (std::filesystem::exists(dir / path)) path = dir / path;
    }
    merged.load_ini(path.string());
  }
  for (auto& [key, entry] : user.entries())
    if (key != "world") merged.set(key, entry.value, entry.source);
  return merged;
}

World load_world(const Config& c) {
  if (!c.has("world.attributes"))
    throw ConfigError("no world to simulate: name a world file with 'world = FILE' in the config or --world FILE "
                      "(e.g. configs/world_default.ini), or describe the world's sections in the config itself");
  World w;
  w.seed = static_cast<std::uint64_t>(c.get_int("world.seed", 7, 0, INT64_MAX));
  w.event_dict = std::make_shared<Dictionary>(std::vector<std::string>{}, "event");
  w.url_dict = std::make_shared<Dictionary>(std::vector<std::string>{}, "url");
  w.status_dict = std::make_shared<Dictionary>(std::vector<std::string>{"ok", "error", "timeout"}, "status");
  w.level_dict = std::make_shared<Dictionary>(std::vector<std::string>{}, "log_level");
  w.template_dict = std::make_shared<Dictionary>(std::vector<std::string>{}, "log_template");
  auto event = [&](const char* key, const char* fallback) {
    return w.event_dict->intern(c.get_string(cat("events.", key), fallback));
  };
  w.ev.session_start = event("session_start", "session_start");
  w.ev.session_end = event("session_end", "session_end");
  w.ev.request = event("request", "request");
  w.ev.response = event("response", "response");
  w.ev.timeout = event("timeout", "timeout_error");
  w.ev.cors_error = event("cors_error", "web_cors_error");
  w.ev.flow_error = event("flow_error", "app_error");

  load_attributes(c, w);
  load_requests(c, w);
  load_flows(c, w);
  load_kpis(c, w);
  load_server_log(c, w);

  w.pattern_ignored.assign(static_cast<std::size_t>(w.event_dict->size()), 0);
  for (auto& e : c.get_list("events.pattern_ignore", {w.event_dict->value(w.ev.request),
                                                      w.event_dict->value(w.ev.response)})) {
    const auto code = w.event_dict->find(e);
    if (code == kMissingCode) throw ConfigError(cat("config key 'events.pattern_ignore': unknown event '", e, "'"));
    w.pattern_ignored[static_cast<std::size_t>(code)] = 1;
  }

  w.sessions_in_window_mean = c.get_double("users.sessions_in_window_mean", 1.5, 1, 100);
  w.max_sessions_in_window = c.get_int("users.max_sessions_in_window", 6, 1, 1000);
  w.first_time_prob = c.get_double("users.first_time_prob", 0.25, 0, 1);
  w.prior_sessions_mean = c.get_double("users.prior_sessions_mean", 10, 0, 1e6);

  w.think_sec = c.get_double("client.think_sec", 12, 0, 86400);
  w.max_flows = c.get_int("client.max_flows", 12, 1, 10000);
  w.repeat_click_prob = c.get_double("client.repeat_click_prob", 0.06, 0, 1);
  w.retry_backoff_ms = c.get_double("client.retry_backoff_ms", 300, 0, 1e6);
  w.cors_error_rate = c.get_double("client.cors_error_rate", 0.1, 0, 1);
  w.cors_timeout_prob = c.get_double("client.cors_timeout_prob", 0.5, 0, 1);
  if (c.has("client.cors_attribute")) {
    std::vector<std::string> names;
    for (auto& a : w.attributes) names.push_back(a.name);
    w.cors_attribute = index_of(names, c.get_string("client.cors_attribute", ""), "client.cors_attribute", "attribute");
    const auto& a = w.attributes[static_cast<std::size_t>(w.cors_attribute)];
    w.cors_values.assign(a.values.size(), 0);
    for (auto& v : require_list(c, "client.cors_values"))
      w.cors_values[static_cast<std::size_t>(index_of(a.values, v, "client.cors_values", "value of " + a.name))] = 1;
  }

  for (auto& v : require_list(c, "load.hourly")) w.hourly_load.push_back(parse_number(v, "load.hourly", 0.001, kBig));
  if (w.hourly_load.size() != 24)
    throw ConfigError(cat("config key 'load.hourly': expected 24 values, got ", w.hourly_load.size()));
  w.load_latency_gain = c.get_double("load.latency_gain", 0.2, 0, 100);
  w.load_error_gain = c.get_double("load.error_gain", 0.5, 0, 100);
  w.drift.hours = c.get_double("drift.hours", 2, 0.01, 1e6);
  w.drift.latency_sigma = c.get_double("drift.latency_sigma", 0, 0, 3);
  w.drift.error_sigma = c.get_double("drift.error_sigma", 0, 0, 3);
  w.drift.url_latency_sigma = c.get_double("drift.url_latency_sigma", 0, 0, 3);
  w.drift.url_error_sigma = c.get_double("drift.url_error_sigma", 0, 0, 3);
  w.drift.load_sigma = c.get_double("drift.load_sigma", 0, 0, 3);

  w.history_hours = c.get_double("incidents.history_hours", 5, 0.01, 24 * 365);
  w.anomaly_hours = c.get_double("incidents.anomaly_hours", 1, 0.01, 24 * 365);
  w.start_time = c.get_double("incidents.start_time", 1735689600, 0, 1e11);
  w.fraction_min = c.get_double("incidents.fraction_min", 0.1, 0, 1);
  w.fraction_max = c.get_double("incidents.fraction_max", 1, w.fraction_min, 1);
  w.cohort_alert_prob = c.get_double("incidents.cohort_alert_prob", 0, 0, 1);
  if (w.cohort_alert_prob > 0) {
    std::vector<std::string> names;
    for (auto& a : w.attributes) names.push_back(a.name);
    w.alert_attributes = attribute_list(c, "incidents.alert_attributes", names, {});
  } else {
    c.get_string("incidents.alert_attributes", "");  // unused without cohort alerts
  }
  w.alert_min_share = c.get_double("incidents.alert_min_share", 0.1, 0.001, 1);
  w.max_traffic_scale = c.get_double("incidents.max_traffic_scale", 6, 1, 1000);
  w.min_affected = c.get_int("incidents.min_affected", 20, 0, 1000000000);
  w.min_effect_z = c.get_double("incidents.min_effect_z", 2.5, 0, 1000);
  w.max_redraws = c.get_int("incidents.max_redraws", 30, 0, 100000);
  load_categories(c, w);
  load_opportunities(c, w);
  return w;
}

double World::load_at(double t) const {
  double h = std::fmod(t, 86400.0) / 3600.0;
  if (h < 0) h += 24;
  const auto i = static_cast<std::size_t>(h) % 24;
  const double f = h - std::floor(h);
  return hourly_load[i] * (1 - f) + hourly_load[(i + 1) % 24] * f;
}

double World::max_load() const { return *std::max_element(hourly_load.begin(), hourly_load.end()); }

}  // namespace moce::sim
