// Experts 3-8: per-URL one-sided tests of the mean (Welch) and of p75/p95 (permutations).
#include "experts/url/url_differential.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <span>

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
              statistic == UrlStatistic::kAverage ? " (Welch t-test)" : " (percentile permutation test)")};
}

// Every k-th value, k = ceil(n / cap), so at most `cap` values spread over the window's time.
std::vector<double> thinned(const std::vector<double>& values, std::size_t cap) {
  if (values.size() <= cap) return values;
  const std::size_t stride = (values.size() + cap - 1) / cap;
  std::vector<double> out;
  out.reserve(cap);
  for (std::size_t i = 0; i < values.size(); i += stride) out.push_back(values[i]);
  return out;
}

// A URL's own permutation seed: results do not depend on which other URLs the incident has.
std::uint64_t seed_for(std::int64_t seed, const std::string& url) {
  Hasher hasher;
  hasher.add(seed);
  hasher.add_string(url);
  return hasher.key();
}

double variance_of(std::span<const double> values) { return summarize(values).variance; }

struct Staged {
  double p = 1;
  std::int64_t permutations = 0;
};

// One-sided (anomaly > historical) percentile permutation test in blocks of independent seeded
// permutations, ending after 19, 99, 399 and `budget` in all; the extremes add up over blocks, so
// p = (1 + extremes) / (1 + permutations) as one run of that many. A block whose extremes already
// make (1 + extremes) / (1 + budget) >= p_cut ends the test: the full run could not pass.
Staged staged_permutation_test(const std::vector<double>& anomaly, const std::vector<double>& historical, double q,
                               std::int64_t budget, double p_cut, std::uint64_t seed) {
  Staged out;
  double extremes = 0;
  std::uint64_t block = 0;
  for (std::int64_t end : {std::int64_t{19}, std::int64_t{99}, std::int64_t{399}, budget}) {
    end = std::min(end, budget);
    if (end <= out.permutations) continue;
    Hasher hasher;
    hasher.add(seed);
    hasher.add(block++);
    const std::int64_t count = end - out.permutations;
    const auto r = PercentilePermutationTest({.percentile = q, .permutations = count, .seed = hasher.key()})
                       .run(anomaly, historical);
    extremes += std::round(r.p_greater * static_cast<double>(count + 1)) - 1;
    out.permutations = end;
    out.p = (1 + extremes) / static_cast<double>(1 + out.permutations);
    if ((1 + extremes) / static_cast<double>(1 + budget) >= p_cut) break;
  }
  return out;
}

struct Tested {
  double hist_stat = 0, anomaly_stat = 0, p = 1, var_h = 0, var_a = 0;
  double hist_n = 0, anomaly_n = 0;
  std::int64_t permutations = 0;
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
      max_leads_(param_int("max_leads", 5, 1, 1000)),
      permutations_(statistic == UrlStatistic::kAverage ? 0 : param_int("permutations", 2000, 199, 10'000'000)),
      max_samples_(statistic == UrlStatistic::kAverage ? 0 : param_int("max_samples", 300, 10, 1'000'000'000)),
      seed_(statistic == UrlStatistic::kAverage ? 0
                                                : param_int("seed", 0, 0, std::numeric_limits<std::int64_t>::max())) {}

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
  const std::int64_t needed = static_cast<std::int64_t>(std::ceil(tested / alpha_));
  const std::int64_t budget = std::clamp<std::int64_t>(needed, 199, permutations_);

  for (const auto* url : eligible) {
    Tested t;
    if (statistic_ == UrlStatistic::kAverage) {
      const SampleSummary h = summarize(url->window[0]), a = summarize(url->window[1]);
      t = {h.mean, a.mean, WelchTTest().run(a, h).p_greater, h.variance, a.variance, h.count, a.count, 0};
    } else {
      const auto cap = static_cast<std::size_t>(max_samples_);
      const std::vector<double> h = thinned(url->window[0], cap), a = thinned(url->window[1], cap);
      const double q = percentile_of(statistic_);
      t = {percentile(h, q),
           percentile(a, q),
           1.0,
           variance_of(h),
           variance_of(a),
           static_cast<double>(h.size()),
           static_cast<double>(a.size()),
           0};
      if (t.anomaly_stat > t.hist_stat) {
        const auto r = staged_permutation_test(a, h, q, budget, p_cut, seed_for(seed_, url->name));
        t.p = r.p;
        t.permutations = r.permutations;
      }
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
    if (t.permutations > 0) lead.evidence.add("permutations", static_cast<double>(t.permutations));
    lead.evidence.note = cat("one-sided ", statistic_ == UrlStatistic::kAverage ? "Welch t-test" : "permutation test",
                             " of the per-session URL ", to_string(metric_), " ", statistic_name(statistic_),
                             ", anomaly > historical, Bonferroni over the URLs tested");
    out.leads.push_back(std::move(lead));
  }
  rank_leads(out.leads, static_cast<std::size_t>(max_leads_));
  return out;
}

}  // namespace moce::experts
