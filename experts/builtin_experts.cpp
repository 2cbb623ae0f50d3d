// The built-in experts: one registration line each (experts/README.md shows how to add one),
// in the order of the MoCE paper's Table 3, then the HotNets'25 experts, the server-log expert
// and the experts that go past MoCE's failure cases.
#include "experts/beyond/cohort_lattice.hpp"
#include "experts/beyond/cube_scan.hpp"
#include "experts/beyond/explain_away.hpp"
#include "experts/cohort/cohort_adtributor.hpp"
#include "experts/cohort/cohort_differential.hpp"
#include "experts/cohort/cohort_mle.hpp"
#include "experts/core/registry.hpp"
#include "experts/hotnets/event_sequence.hpp"
#include "experts/hotnets/lifecycle.hpp"
#include "experts/log/log_error.hpp"
#include "experts/patterns/minesweeper_patterns.hpp"
#include "experts/patterns/ngram_patterns.hpp"
#include "experts/url/flow_model.hpp"
#include "experts/url/url_differential.hpp"
#include "experts/url/url_mle.hpp"

namespace moce::experts {

namespace {

// Experts 3-8: one class, parameterised by the statistic and the URL metric.
template <UrlStatistic S, UrlMetric M>
std::unique_ptr<Expert> url_differential(const Config* c) {
  return std::make_unique<UrlDifferential>(S, M, c);
}

}  // namespace

const Registry& builtin_registry() {
  static const Registry registry = [] {
    Registry r;
    // URL experts 1-10: flow model (1-2), differential diagnosis (3-8), single-entity MLE (9-10).
    r.add("flow_model_duration", [](const Config* c) { return std::make_unique<FlowModel>(UrlMetric::kDuration, c); });
    r.add("flow_model_failures", [](const Config* c) { return std::make_unique<FlowModel>(UrlMetric::kFailure, c); });
    r.add("url_mean_duration", url_differential<UrlStatistic::kAverage, UrlMetric::kDuration>);
    r.add("url_p75_duration", url_differential<UrlStatistic::kP75, UrlMetric::kDuration>);
    r.add("url_p95_duration", url_differential<UrlStatistic::kP95, UrlMetric::kDuration>);
    r.add("url_mean_failures", url_differential<UrlStatistic::kAverage, UrlMetric::kFailure>);
    r.add("url_p75_failures", url_differential<UrlStatistic::kP75, UrlMetric::kFailure>);
    r.add("url_p95_failures", url_differential<UrlStatistic::kP95, UrlMetric::kFailure>);
    r.add("url_mle_duration", [](const Config* c) { return std::make_unique<UrlMle>(UrlMetric::kDuration, c); });
    r.add("url_mle_failures", [](const Config* c) { return std::make_unique<UrlMle>(UrlMetric::kFailure, c); });
    // Cohort experts 11-13.
    r.add<CohortDifferential>("cohort_differential");
    r.add<CohortMle>("cohort_mle");
    r.add<CohortAdtributor>("adtributor");
    // Event-pattern experts 14-15.
    r.add<NGramPatterns>("ngram_patterns");
    r.add<MinesweeperPatterns>("minesweeper");
    // HotNets'25 (sec. 5.1): event sequences and the user lifecycle.
    r.add<HotNetsEventSequence>("hotnets_event_sequence");
    r.add<Lifecycle>("lifecycle");
    // A second telemetry source (MoCE sec. 6.1).
    r.add<LogError>("log_error");
    // Beyond MoCE: multi-attribute cohorts, explaining away.
    r.add<CohortLattice>("cohort_lattice");
    r.add<ExplainAway>("explain_away");
    // Beyond MoCE: the multi-dimensional RCA setting (aggregate-only incidents).
    r.add<CubeScanExpert>("cube_scan");
    return r;
  }();
  return registry;
}

}  // namespace moce::experts
