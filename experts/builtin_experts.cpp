// The built-in experts: one registration line each (experts/README.md shows how to add one).
#include "experts/cohort/cohort_differential.hpp"
#include "experts/core/registry.hpp"
#include "experts/url/flow_model.hpp"
#include "experts/url/url_differential.hpp"
#include "experts/url/url_mle.hpp"

namespace moce::experts {

const Registry& builtin_registry() {
  static const Registry registry = [] {
    Registry r;
    r.add<CohortDifferential>("cohort_differential");
    // URL experts 1-10 (Table 3): flow model (1-2), differential diagnosis by statistic and metric (3-8),
    // single-entity MLE (9-10).
    r.add("flow_model_duration", [](const Config* c) { return std::make_unique<FlowModel>(UrlMetric::kDuration, c); });
    r.add("flow_model_failures", [](const Config* c) { return std::make_unique<FlowModel>(UrlMetric::kFailure, c); });
    r.add("url_mean_duration", [](const Config* c) {
      return std::make_unique<UrlDifferential>(UrlStatistic::kAverage, UrlMetric::kDuration, c);
    });
    r.add("url_p75_duration", [](const Config* c) {
      return std::make_unique<UrlDifferential>(UrlStatistic::kP75, UrlMetric::kDuration, c);
    });
    r.add("url_p95_duration", [](const Config* c) {
      return std::make_unique<UrlDifferential>(UrlStatistic::kP95, UrlMetric::kDuration, c);
    });
    r.add("url_mean_failures", [](const Config* c) {
      return std::make_unique<UrlDifferential>(UrlStatistic::kAverage, UrlMetric::kFailure, c);
    });
    r.add("url_p75_failures", [](const Config* c) {
      return std::make_unique<UrlDifferential>(UrlStatistic::kP75, UrlMetric::kFailure, c);
    });
    r.add("url_p95_failures", [](const Config* c) {
      return std::make_unique<UrlDifferential>(UrlStatistic::kP95, UrlMetric::kFailure, c);
    });
    r.add("url_mle_duration", [](const Config* c) { return std::make_unique<UrlMle>(UrlMetric::kDuration, c); });
    r.add("url_mle_failures", [](const Config* c) { return std::make_unique<UrlMle>(UrlMetric::kFailure, c); });
    return r;
  }();
  return registry;
}

}  // namespace moce::experts
