// Planted opportunities; see opportunity_plan.hpp.
#include "simulator/opportunity_plan.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>

#include "runtime/error.hpp"
#include "simulator/config_parsing.hpp"
#include "simulator/random.hpp"
#include "simulator/world.hpp"

namespace moce::sim {

using namespace parse;

namespace {

bool is_night(double start) {
  double h = std::fmod(start, 86400.0) / 3600.0;
  if (h < 0) h += 24;
  const int hour = static_cast<int>(h);
  return hour < 9 || hour > 21;
}

// The finder's canonical name of the cohort: its atoms in a fixed order, joined by " & ".
std::string cohort_id(const World& w, const PlantedOpportunity& o) {
  std::vector<std::string> atoms;
  if (!o.pattern.empty()) {
    std::string p = "pattern:";
    for (std::size_t i = 0; i < o.pattern.size(); ++i) p += (i ? ">" : "") + w.event_dict->value(o.pattern[i]);
    atoms.push_back(p);
  }
  if (o.lifecycle == 1) atoms.push_back("session_index<=1");
  if (o.lifecycle == 2) atoms.push_back("session_index>1");
  if (o.night) atoms.push_back("night");
  for (auto& [a, v] : o.where) {
    const auto& spec = w.attributes[static_cast<std::size_t>(a)];
    atoms.push_back(spec.name + "=" + spec.values[static_cast<std::size_t>(v)]);
  }
  std::string out;
  for (auto& a : atoms) out += (out.empty() ? "" : " & ") + a;
  return out;
}

}  // namespace

void load_opportunities(const Config& c, World& w) {
  const auto names = c.get_list("opportunities.planted", {});
  ignore_unlisted(c, "opportunity", names);
  std::vector<std::string> attributes, kpis, flows;
  for (auto& a : w.attributes) attributes.push_back(a.name);
  for (auto& k : w.kpis) kpis.push_back(k.name);
  for (auto& f : w.flows) flows.push_back(f.name);
  for (auto& name : names) {
    const auto key = [&](const char* k) { return "opportunity." + name + "." + k; };
    PlantedOpportunity o;
    o.name = name;
    o.kpi = kpis[static_cast<std::size_t>(index_of(kpis, c.get_string(key("kpi"), ""), key("kpi"), "KPI"))];
    for (auto& atom : split(c.get_string(key("where"), ""), '&')) {
      if (trim(atom).empty()) continue;
      const auto eq = atom.find('=');
      if (eq == std::string::npos)
        throw ConfigError(cat("config key '", key("where"), "': expected attribute=value, got '", atom, "'"));
      const int a = index_of(attributes, trim(atom.substr(0, eq)), key("where"), "attribute");
      const auto& spec = w.attributes[static_cast<std::size_t>(a)];
      o.where.emplace_back(a, index_of(spec.values, trim(atom.substr(eq + 1)), key("where"), "value of " + spec.name));
    }
    const auto lifecycle = c.get_string(key("lifecycle"), "any");
    if (lifecycle == "first") o.lifecycle = 1;
    else if (lifecycle == "returning") o.lifecycle = 2;
    else if (lifecycle != "any")
      throw ConfigError(cat("config key '", key("lifecycle"), "': expected first, returning or any, got '", lifecycle, "'"));
    o.night = c.get_bool(key("night"), false);
    const auto pattern = c.get_string(key("pattern"), "");
    if (!pattern.empty()) o.pattern = parse_pattern(w, pattern, key("pattern"));
    const auto flow = c.get_string(key("flow"), "");
    if (!flow.empty()) {
      const auto& f = w.flows[static_cast<std::size_t>(index_of(flows, flow, key("flow"), "flow"))];
      o.requests.assign(w.requests.size(), 0);
      for (auto& stage : f.stages)
        for (int r : stage) {
          o.requests[static_cast<std::size_t>(r)] = 1;
          const int b = w.requests[static_cast<std::size_t>(r)].backup;
          if (b >= 0) o.requests[static_cast<std::size_t>(b)] = 1;
        }
    }
    o.fraction = c.get_double(key("fraction"), 1, 0, 1);
    o.error_rate = c.get_double(key("error_rate"), 0, 0, 1);
    o.latency_factor = c.get_double(key("latency_factor"), 1, 1, 1000);
    if (o.error_rate == 0 && o.latency_factor == 1)
      throw ConfigError(cat("config section [opportunity.", name, "]: needs error_rate > 0 or latency_factor > 1"));
    o.cohort = cohort_id(w, o);
    if (o.cohort.empty())
      throw ConfigError(cat("config section [opportunity.", name, "]: needs where, lifecycle, night or pattern"));
    w.opportunities.push_back(std::move(o));
  }
}

std::string planted_csv(const World& w) {
  if (w.opportunities.empty()) return "";
  std::ostringstream out;
  out << "name,kpi,cohort,fraction,error_rate,latency_factor\n";
  for (auto& o : w.opportunities)
    out << o.name << ',' << o.kpi << ",\"" << o.cohort << "\"," << o.fraction << ',' << o.error_rate << ','
        << o.latency_factor << '\n';
  return out.str();
}

OpportunityEffects::OpportunityEffects(const World& world) : world_(world), planted_(&world.opportunities) {
  member_.assign(planted_->size(), 0);
  armed_.assign(planted_->size(), 0);
  matched_.assign(planted_->size(), 0);
}

void OpportunityEffects::begin_session(const std::int32_t* codes, std::int64_t session_index, double start, Rng& rng) {
  for (std::size_t i = 0; i < planted_->size(); ++i) {
    const auto& o = (*planted_)[i];
    const double draw = rng.uniform();  // always drawn: later draws do not depend on membership
    bool in = std::all_of(o.where.begin(), o.where.end(),
                          [&](const auto& x) { return codes[static_cast<std::size_t>(x.first)] == x.second; });
    if (o.lifecycle == 1) in = in && session_index == 1;
    if (o.lifecycle == 2) in = in && session_index >= 2;
    if (o.night) in = in && is_night(start);
    member_[i] = in && draw < o.fraction;
    armed_[i] = o.pattern.empty();
    matched_[i] = 0;
  }
}

void OpportunityEffects::observe(std::int32_t event) {
  if (world_.pattern_ignored[static_cast<std::size_t>(event)]) return;
  for (std::size_t i = 0; i < planted_->size(); ++i) {
    const auto& p = (*planted_)[i].pattern;
    if (armed_[i] || p.empty()) continue;
    // A contiguous match over the non-ignored events (patterns here have no self-overlap to track).
    auto& m = matched_[i];
    m = p[m] == event ? m + 1 : (p[0] == event ? 1 : 0);
    if (m == p.size()) armed_[i] = 1;
  }
}

void OpportunityEffects::apply(int request, double& latency_factor, double& survive) const {
  for (std::size_t i = 0; i < planted_->size(); ++i) {
    const auto& o = (*planted_)[i];
    if (!member_[i] || !armed_[i]) continue;
    if (!o.requests.empty() && !o.requests[static_cast<std::size_t>(request)]) continue;
    latency_factor *= o.latency_factor;
    survive *= 1 - o.error_rate;
  }
}

}  // namespace moce::sim
