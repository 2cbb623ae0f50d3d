// The simulated world (MoCE sec. 5.4): cohort attributes, URL requests, application flows as
// pattern graphs, the client's state machine, the network/backend model, the KPIs, the server
// log and the incident categories. Every name and number comes from the config (world_config.cpp).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "operators/data/dictionary.hpp"
#include "operators/io/incident_index.hpp"
#include "simulator/opportunity_plan.hpp"
#include "simulator/zipf.hpp"

namespace moce::sim {

// How an attribute's value is drawn for a user.
enum class AttributeMode {
  kIndependent,  // Zipf over its values (listed most popular first)
  kDerived,      // a function of the parent's value (city -> region)
  kConditional,  // Zipf over the values allowed for the parent's value (device -> os)
  kCorrelated,   // follows the parent's popularity rank with some probability (os_version -> app_version)
};

struct AttributeSpec {
  std::string name;
  std::vector<std::string> values;
  AttributeMode mode = AttributeMode::kIndependent;
  double zipf = 1.0;
  int parent = -1;                                // index of an earlier attribute
  std::vector<std::int32_t> derived;              // kDerived: code per parent code
  std::vector<std::vector<std::int32_t>> allowed;  // kConditional: codes per parent code, by popularity
  std::vector<ZipfTable> allowed_zipf;            // kConditional: one table per parent code
  ZipfTable popularity;                           // kIndependent and kCorrelated
  double correlation = 0;                         // kCorrelated
  double latency_spread = 0;  // sigma of the log latency factor of each value (network model)
  double error_spread = 0;    // sigma of the log failure-rate factor of each value
};

struct RequestSpec {
  std::string id;
  std::string url;
  std::int32_t url_code = 0;
  double mean_ms = 100;
  double sd_ms = 30;
  double failure_rate = 0.005;
  int max_retries = 1;
  double timeout_sec = 5;
  int backup = -1;    // request index of the backup service, used when every attempt failed
  bool cors = false;  // cross-origin: web clients may see CORS errors
};

struct FlowSpec {
  std::string name;
  std::int32_t action_event = 0;  // the user action that runs the flow (e.g. click_login)
  std::int32_t start_event = 0;
  std::int32_t end_event = 0;
  std::vector<std::vector<int>> stages;  // request indices: stages in order, a stage's requests in parallel
  std::vector<int> next_flow;            // state machine: successor flow, -1 = the session ends
  std::vector<double> next_cdf;          // cumulative probabilities of next_flow
  // Client-side failures that no retry or backup absorbs (app crash, user gives up, card declined):
  // the flow fails with this probability (times the load's error factor) after its requests succeeded.
  double client_failure_rate = 0;
};

enum class KpiType {
  kFlowDuration,  // real: ms from a flow's action to its end event (first run of the flow)
  kFlowSuccess,   // binary: the flow's first run ended without a failed request
  kConversion,    // binary: after the action of `flow`, `to_flow` succeeded within `within_sec`
  kErrorCount,    // real: failed request attempts (errors, timeouts, CORS errors) in the session
};

struct KpiSpec {
  std::string name;
  KpiKind kind = KpiKind::kReal;
  KpiType type = KpiType::kFlowDuration;
  bool higher_is_better = false;
  int flow = -1;     // the flow it measures (the context of the alert); -1 = the whole session
  int to_flow = -1;  // kConversion
  double within_sec = 0;
};

enum class Category {
  kUrlLatency, kUrlErrors, kBackupFailure, kCohortLatency, kCohortErrors,
  kAppVersionBug, kEventSequence, kServerLog, kLifecycle,
  kNull, kRedHerring, kCorrelatedAttribute, kCombination, kTwoCauses,
};
const char* to_string(Category c);

struct CategorySpec {
  std::string name;                          // the section name [category.<name>], the incidents' ids
  Category category = Category::kUrlLatency;  // its kind (key `kind`, default: the name)
  double fraction_min = 0.1, fraction_max = 1;  // affected share of the eligible sessions
  double traffic_scale = 1;  // sessions = sessions-per-incident x this (a rare fault needs more traffic)
  std::vector<int> kpis;  // the alerts of this category name one of these KPIs
  double latency_factor_min = 2, latency_factor_max = 8;
  double error_rate_min = 0.2, error_rate_max = 0.9;
  std::vector<int> attributes;                  // cohort categories: attributes to pick from
  double min_value_share = 0.02;                // cohort categories: least popular share of a faulty value
  std::vector<std::vector<std::vector<std::int32_t>>> patterns;  // event_sequence: per kpi (index into kpis)
  std::vector<int> templates;                   // server_log: log templates (error level)
  std::int64_t returning_min_index = 2;         // lifecycle: "returning" = session index >= this
  double first_session_prob = 0.5;              // lifecycle: chance the faulty group is first sessions
  double attribute_prob = 0.5;                  // lifecycle (returning): chance the fault is limited to one value of
  int lifecycle_attribute = -1;                 //   this attribute (an os version)
  // red_herring / two_causes: chance that the (main / second) cause is a cohort value, not a URL.
  double cohort_prob = 0.5;
  // red_herring: the decoy's magnitude (a real shift of its own, smaller than the cause's).
  double decoy_latency_factor_min = 1.3, decoy_latency_factor_max = 2;
  double decoy_error_rate_min = 0.05, decoy_error_rate_max = 0.15;
  double decoy_url_prob = 0.5;  // chance the decoy is a URL outside the KPI's flow (else a cohort value)
  // correlated_attribute: `attributes` holds the faulty attribute; `correlated_attributes` those
  // whose values must shift with it: the faulty value's share of such a value lies in
  // [min_correlated_share, max_correlated_share] and that value holds >= min_cover of its sessions.
  std::vector<int> correlated_attributes;
  double min_correlated_share = 0.5, max_correlated_share = 0.99, min_cover = 0.9;
  // combination: pairs of values of two of `attributes` whose overlap is at most max_overlap of
  // either value's sessions; the pair's own share is >= min_value_share.
  double max_overlap = 0.7;
};

// Slow per-value and per-URL changes of the network: each hidden factor is multiplied by
// exp(sigma * d(t)), d a smooth random curve with one independent knot per `hours` (keyed by the
// world's seed, the value and the knot), plus a per-value sensitivity to the load.
struct Drift {
  double hours = 2;
  double latency_sigma = 0, error_sigma = 0;          // per attribute value
  double url_latency_sigma = 0, url_error_sigma = 0;  // per request
  double load_sigma = 0;  // sigma of each value's extra log factor per unit of load
};

struct LogTemplate {
  std::string level;
  std::string text;
  double weight = 1;  // share of background lines
};

struct World {
  std::uint64_t seed = 7;  // fixes the hidden per-value network factors
  std::vector<AttributeSpec> attributes;
  std::vector<RequestSpec> requests;
  std::vector<FlowSpec> flows;
  std::vector<int> first_flow;
  std::vector<double> first_flow_cdf;
  std::vector<KpiSpec> kpis;
  std::vector<CategorySpec> categories;

  // Users and sessions.
  double sessions_in_window_mean = 1.5;
  std::int64_t max_sessions_in_window = 6;
  double first_time_prob = 0.25;
  double prior_sessions_mean = 10;

  // Client.
  double think_sec = 12;
  std::int64_t max_flows = 12;
  double repeat_click_prob = 0.06;
  double retry_backoff_ms = 300;
  int cors_attribute = -1;                  // sessions whose value of this attribute is in cors_values
  std::vector<std::uint8_t> cors_values;    //   run in a browser and may see CORS errors
  double cors_error_rate = 0.1;
  double cors_timeout_prob = 0.5;

  // Load curve (24 hourly values, UTC) and its effect.
  std::vector<double> hourly_load;
  double load_latency_gain = 0.2;
  double load_error_gain = 0.5;
  Drift drift;

  // Server log.
  std::vector<LogTemplate> log_templates;
  double log_lines_per_minute = 20;
  std::vector<double> burst_shape;  // relative per-minute intensity of an error burst
  double background_bursts_per_hour = 0.5;
  double burst_lines_per_minute = 30;
  std::string log_error_level = "error";  // the level of the templates that bursts use

  // Incident timing.
  double history_hours = 5;
  double anomaly_hours = 1;
  double start_time = 1735689600;  // 2025-01-01T00:00:00Z
  double fraction_min = 0.1, fraction_max = 1;
  // Alerts on a cohort: with this probability an incident's alert names one value of one of
  // alert_attributes (a value holding the cause's sessions); its traffic is scaled by 1/share
  // (the category's traffic_scale / share, at most max_traffic_scale, at least the category's own)
  // so that the cohort keeps about sessions-per-incident sessions.
  double cohort_alert_prob = 0;
  std::vector<int> alert_attributes;
  double alert_min_share = 0.1;
  double max_traffic_scale = 6;
  // Realised effect floor: an incident whose cause moves fewer than min_affected sessions with
  // the KPI, or whose Welch z (anomaly vs history, inside the cause's sessions) is below
  // min_effect_z, is redrawn with its next stream, at most max_redraws times.
  std::int64_t min_affected = 20;
  double min_effect_z = 2.5;
  std::int64_t max_redraws = 30;

  // Events and dictionaries (shared by every rank, so the corpus' codes agree).
  struct Events {
    std::int32_t session_start, session_end, request, response, timeout, cors_error, flow_error;
  } ev{};
  std::shared_ptr<Dictionary> event_dict, url_dict, status_dict, level_dict, template_dict;
  std::vector<std::shared_ptr<Dictionary>> attribute_dicts;
  std::vector<std::uint8_t> pattern_ignored;  // per event code: skipped by sequence patterns

  // Standing harms over the whole time range (opportunity_plan.hpp); empty in incident worlds.
  std::vector<PlantedOpportunity> opportunities;

  double load_at(double unix_seconds) const;  // interpolated hourly load
  double max_load() const;
};

}  // namespace moce::sim
