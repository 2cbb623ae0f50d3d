// Experts 3-8: per-URL one-sided tests of the mean (Welch) and of p75/p95 (exact exceedance test).
#include "experts/url/url_differential.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <span>

#include "experts/url/exceedance_test.hpp"
#include "operators/stats/permutation_test.hpp"
#include "operators/stats/welch_t_test.hpp"
#include "runtime/error.hpp"

namespace moce::experts {

namespace {

const char* statistic_name(UrlStatistic statistic) {
  switch (statistic) {
    case UrlStatistic::kAverage:
      return "mean";
    case UrlStatistic::kP75:
      return "p75";
    case UrlStatistic::kP95:
      return "p95";
  }
  return "?";
}

double percentile_of(UrlStatistic statistic) { return statistic == UrlStatistic::kP75 ? 75.0 : 95.0; }

ExpertInfo info_for(UrlStatistic statistic, UrlMetric metric) {
  const bool duration = metric == UrlMetric::kDuration;
  const std::string stat = statistic_name(statistic);
  return {cat("url_", stat, duration ? "_duration" : "_failures"),
          "url_differential",
          url_metric_kpi_kinds(metric),
          "network request URLs of the flow context (url:<url>)",
          {Telemetry::kSessions, Telemetry::kEvents},
          cat("Differential diagnosis (A.3) of the per-session URL ", to_string(metric), " ", stat,
              statistic == UrlStatistic::kAverage ? " (Welch t-test)" : " (exact exceedance test of the historical percentile)")};
}

double variance_of(std::span<const double> values) { return summarize(values).variance; }

struct Tested {
  double hist_stat = 0, anomaly_stat = 0, p = 1, var_h = 0, var_a = 0;
  double hist_n = 0, anomaly_n = 0;
  Exceedance exceedance;  // p75/p95 only
};

}  // namespace

UrlDifferential::UrlDifferential(UrlStatistic statistic, UrlMetric metric, const Config* config)
    : Expert(info_for(statistic, metric), config),
      statistic_(statistic),
      metric_(metric),
      alpha_(param("alpha", 0.01, 1e-12, 0.5)),
      effect_scale_(param("effect_scale", 0.5, 1e-6, 1e6)),
      min_effect_(param("min_effect", 0.5, 0, 1e6)),
      min_samples_(param_int("min_samples", 10, 2, 1'000'000'000)),
      max_leads_(param_int("max_leads", 5, 1, 1000)) {}

Lazy<Leads> UrlDifferential::build(Workflows& wf) const {
  return step(
      wf, "rank", [this](const UrlSamples& samples) { return rank(samples); }, url_samples(wf, metric_));
}

Leads UrlDifferential::rank(const UrlSamples& samples) const {
  std::vector<const UrlSamples::Url*> eligible;
  for (const auto& url : samples.urls)
    if (static_cast<std::int64_t>(url.window[0].size()) >= min_samples_ &&
        static_cast<std::int64_t>(url.window[1].size()) >= min_samples_)
      eligible.push_back(&url);
  Leads out;
  if (eligible.empty()) return out;
  const double tested = static_cast<double>(eligible.size());
  const double p_cut = alpha_ / tested;  // Bonferroni: a lead needs p < p_cut

  for (const auto* url : eligible) {
    Tested t;
    if (statistic_ == UrlStatistic::kAverage) {
      const SampleSummary h = summarize(url->window[0]), a = summarize(url->window[1]);
      t = {h.mean, a.mean, WelchTTest().run(a, h).p_greater, h.variance, a.variance, h.count, a.count, 0};
    } else {
      const auto& h = url->window[0];
      const auto& a = url->window[1];
      const double q = percentile_of(statistic_);
      t = {percentile(h, q), percentile(a, q), 1.0, variance_of(h), variance_of(a), static_cast<double>(h.size()),
           static_cast<double>(a.size()), exceedance_test(a, h, q)};
      t.p = t.exceedance.p;
    }
    const double difference = t.anomaly_stat - t.hist_stat;
    if (!(difference > 0) || !(t.p < p_cut)) continue;
    const double effect = standardized_effect(difference, t.var_h, t.var_a);
    // Significant but small shifts are what the hours' drift of a URL looks like on a null
    // incident (d of 0.3-0.6 there, against >= 1.2 for injected causes).
    if (!(effect >= min_effect_)) continue;
    Lead lead;
    lead.id = lead_id::url(url->name);
    lead.confidence = saturating_confidence(effect, effect_scale_);
    lead.evidence.add("hist_" + std::string(statistic_name(statistic_)), t.hist_stat)
        .add("anomaly_" + std::string(statistic_name(statistic_)), t.anomaly_stat)
        .add("difference", difference)
        .add("effect_size", effect)
        .add("p", t.p)
        .add("p_bonferroni", std::min(1.0, t.p * tested))
        .add("urls_tested", tested)
        .add("hist_n", t.hist_n)
        .add("anomaly_n", t.anomaly_n);
    if (statistic_ != UrlStatistic::kAverage)
      lead.evidence.add("hist_threshold", t.exceedance.threshold)
          .add("anomaly_above", static_cast<double>(t.exceedance.above))
          .add("expected_above", t.exceedance.expected);
    lead.evidence.note = cat("one-sided ", statistic_ == UrlStatistic::kAverage ? "Welch t-test" : "exact exceedance test",
                             " of the per-session URL ", to_string(metric_), " ", statistic_name(statistic_),
                             ", anomaly > historical, Bonferroni over the URLs tested");
    out.leads.push_back(std::move(lead));
  }
  rank_leads(out.leads, static_cast<std::size_t>(max_leads_));
  return out;
}

}  // namespace moce::experts
