// The server-log expert: error templates that rise and track the KPI's failures.
#include "experts/log/log_error.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>

#include "experts/log/log_series.hpp"
#include "operators/stats/special_functions.hpp"
#include "operators/stats/welch_t_test.hpp"

namespace moce::experts {

namespace {

const ExpertInfo kInfo{"log_error",
                       "log",
                       {KpiKind::kReal, KpiKind::kBinary},
                       "a server log template (log:<template>)",
                       {Telemetry::kSessions, Telemetry::kLogs},
                       "Error-rate rise (Welch, >= 2x the historical median) and correlation with the KPI's bad-outcome rate per time bin"};

std::vector<std::string> split_list(const std::string& text) {
  std::vector<std::string> out;
  std::stringstream in(text);
  for (std::string item; std::getline(in, item, ',');) {
    item.erase(0, item.find_first_not_of(" \t"));
    item.erase(item.find_last_not_of(" \t") + 1);
    if (!item.empty()) out.push_back(item);
  }
  return out;
}

// One-sided p-value of a positive Pearson r over k points.
double correlation_p(double r, std::size_t k) {
  if (std::isnan(r) || k < 3) return 1;
  if (r >= 1) return 0;
  const double df = static_cast<double>(k) - 2;
  return student_t_sf(r * std::sqrt(df / (1 - r * r)), df);
}

}  // namespace

LogError::LogError(const Config* config)
    : Expert(kInfo, config),
      // Three gates must pass (rise, tracking, within-window tracking) besides the effect size.
      alpha_(param("alpha", 0.05, 1e-12, 0.5)),
      min_rise_(param("min_rise", 2.0, 1, 1e6)),
      min_r_(param("min_r", 0.1, 0, 1)),
      // Five-minute bins: at a few sessions a minute the per-minute bad-outcome rate is mostly
      // noise; five minutes still resolve a burst's shape.
      bin_sec_(param("bin_sec", 300, 1, 86400)),
      within_alpha_(param("within_alpha", 0.05, 1e-12, 0.5)),
      max_leads_(param_int("max_leads", 3, 1, 1000)),
      // Standard severity names (syslog and common loggers), not a world's vocabulary.
      levels_(split_list(param_string("levels", "error,err,crit,critical,fatal,alert,emerg,emergency,severe"))) {}

std::string LogError::applicability(const IncidentInput& input) const {
  return input.schema.has_logs ? "" : "the incident has no server log";
}

Lazy<Leads> LogError::build(Workflows& wf) const {
  const IncidentSpec spec = wf.spec();
  auto kpi = wf.graph().call(KpiMinutes{&wf.input(), bin_sec_}, wf.alert_sessions(), wf.kpi_quantiles());
  return step(
      wf, "rank",
      [this, spec](const Relation& logs, const Relation& kpi_minutes) {
        Leads out;
        const auto minutes = log_series::minutes(spec, bin_sec_);
        const auto split = static_cast<std::size_t>(std::clamp<std::int64_t>(log_series::first_anomaly_minute(spec, bin_sec_), 0, minutes));
        const auto y = log_series::bad_rate(kpi_minutes, minutes);
        const auto series = log_series::error_series(logs, spec, levels_, bin_sec_);
        const double tests = static_cast<double>(series.size());
        if (split < 2 || split + 2 > static_cast<std::size_t>(minutes)) return out;
        for (const auto& s : series) {
          const std::span<const double> all(s.counts);
          const auto hist = summarize(all.subspan(0, split)), anomaly = summarize(all.subspan(split));
          const double rise_p = WelchTTest().run(anomaly, hist).p_greater;
          // Effect size against the history's typical bin: its median, which background bursts
          // leave alone (a template silent in most bins rises from zero).
          std::vector<double> sorted(s.counts.begin(), s.counts.begin() + static_cast<std::ptrdiff_t>(split));
          std::nth_element(sorted.begin(), sorted.begin() + static_cast<std::ptrdiff_t>(split / 2), sorted.end());
          const double hist_median = sorted[split / 2];
          if (!(anomaly.mean > min_rise_ * hist_median)) continue;
          std::size_t points = 0;
          const double r = log_series::correlation(s.counts, y, &points);
          const double r_p = correlation_p(r, points);
          if (!(rise_p * tests < alpha_) || !(r_p * tests < alpha_) || !(r >= min_r_)) continue;
          // Tracking inside the windows: a template that merely steps up with the anomaly window
          // (more load, an unrelated burst) while the KPI steps up for another reason fails here.
          auto xw = s.counts, yw = y;
          log_series::demean_windows(xw, yw, split);
          const double rw = log_series::correlation(xw, yw, nullptr);
          const double rw_p = correlation_p(rw, points > 0 ? points - 1 : 0);
          if (!(rw_p < within_alpha_)) continue;
          Lead lead;
          lead.id = lead_id::log(s.text);
          lead.confidence = std::clamp(r, 0.0, 1.0);
          lead.evidence.add("correlation", r)
              .add("correlation_p", r_p)
              .add("bins", static_cast<double>(points))
              .add("hist_per_bin", hist.mean)
              .add("anomaly_per_bin", anomaly.mean)
              .add("hist_median_per_bin", hist_median)
              .add("rise_welch_p", rise_p)
              .add("within_window_correlation", rw)
              .add("within_window_p", rw_p)
              .add("templates_tested", tests);
          lead.evidence.note = "error lines per minute vs the KPI's bad-outcome rate per minute";
          out.leads.push_back(std::move(lead));
        }
        rank_leads(out.leads, static_cast<std::size_t>(max_leads_));
        return out;
      },
      wf.logs(), kpi);
}

}  // namespace moce::experts
