// Experts 3-8 (Table 3, Figure 14b): differential diagnosis (appendix A.3) on URL statistics.
// Hypothesis space: the network request URLs the KPI's flow context called (url:<url>).
#pragma once

#include "experts/core/expert.hpp"
#include "experts/url/url_tables.hpp"

namespace moce::experts {

enum class UrlStatistic { kAverage, kP75, kP95 };

// One class, six experts: statistic (mean, p75, p95) x metric (per-session URL duration: 3-5,
// failure rate: 6-8), named url_<mean|p75|p95>_<duration|failures>.
//
// Per URL, the historical and anomaly samples of the metric (one value per session that called
// it) are compared one-sided in the worse direction (anomaly larger: both metrics are "lower is
// better"): the mean by Welch's t-test, p75 and p95 by the seeded percentile permutation test.
// A URL is tested when each window has >= min_samples values; a lead needs p * (URLs tested) <
// alpha (Bonferroni) and a positive difference. Confidence: 1 - exp(-d / effect_scale), d the
// standardised effect (difference / sqrt of the mean of the two window variances), so it grows
// with the size of the worsening, not with the sample size that the p-value already gated.
//
// Permutation budget (p75/p95). A p-value estimated from B permutations is at least 1/(B + 1),
// so B is set per incident to the least that can pass Bonferroni, B = clamp(ceil(tested / alpha),
// 199, permutations) (a lead then needs no permutation as extreme as the data, which a real fault
// gives: its p-value is ~0), and the test is cut short where a
// cheaper check already decides:
//   - a URL whose statistic did not grow is not permuted (it cannot be a lead);
//   - the permutations run in blocks of independent seeded permutations (19, 80, 300, then up to
//     B); extremes add up over the blocks, p = (1 + extremes) / (1 + permutations run), and once
//     (1 + extremes) / (B + 1) >= alpha / tested the full B could not pass either, so the URL stops
//     there: the decision is exactly that of running all blocks, at a fraction of the cost;
//   - each window is thinned to at most max_samples values (every k-th session, in time order),
//     bounding one permutation's cost on very large incidents.
// The seed of a URL's permutations mixes `seed` with the URL's name, so results do not depend on
// which other URLs the incident has.
class UrlDifferential : public Expert {
 public:
  UrlDifferential(UrlStatistic statistic, UrlMetric metric, const Config* config);
  Lazy<Leads> build(Workflows& wf) const override;

 private:
  Leads rank(const UrlSamples& samples) const;

  UrlStatistic statistic_;
  UrlMetric metric_;
  double alpha_, effect_scale_, min_effect_;
  std::int64_t min_samples_, max_leads_, permutations_, max_samples_, seed_;
};

}  // namespace moce::experts
