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
// better"): the mean by Welch's t-test, p75 and p95 by the exact exceedance test
// (exceedance_test.hpp): how many anomaly values lie above the historical p75/p95, against its
// exact distribution under no shift. Every session is used; nothing is sampled or permuted.
// A URL is tested when each window has >= min_samples values; a lead needs p * (URLs tested) <
// alpha (Bonferroni) and a positive difference of the statistic. Confidence: 1 - exp(-d /
// effect_scale), d the standardised effect (difference / sqrt of the mean of the two window
// variances), so it grows with the size of the worsening, not with the sample size that the
// p-value already gated.
class UrlDifferential : public Expert {
 public:
  UrlDifferential(UrlStatistic statistic, UrlMetric metric, const Config* config);
  Lazy<Leads> build(Workflows& wf) const override;

 private:
  Leads rank(const UrlSamples& samples) const;

  UrlStatistic statistic_;
  UrlMetric metric_;
  double alpha_, effect_scale_, min_effect_;
  std::int64_t min_samples_, max_leads_;
};

}  // namespace moce::experts
