// Experts 9 and 10 (Table 3, Figure 14c): single-entity MLE (appendix A.2) on URL + cohort
// summary statistics. Hypothesis space: one network request URL (url:<url>) or one value of one
// non-URL cohort attribute (attribute:value).
#pragma once

#include "experts/core/expert.hpp"
#include "experts/url/url_tables.hpp"
#include "experts/workflows/value_statistics.hpp"
#include "operators/stats/single_entity_mle.hpp"

namespace moce::experts {

// Workflow 2's (session, URL) rows of one window reduced to leaf rows: one per (cohort
// attributes..., url) with `weight`, `value` and, for durations, `var`:
//   duration:     weight = sessions with a timed response of the URL, value = their mean
//                 per-session URL duration, var = its sample variance (NaN for one session);
//   failure rate: weight = sessions that called the URL, value = their mean per-session failure
//                 rate (Binomial: a session is one trial with failure share = its rate; the
//                 retries of one session are not independent trials, so they do not add weight).
// Columns: the attributes and `url` (categorical, the corpus' dictionaries), then weight, value,
// var. Built with GroupBy, sorted by key.
struct UrlLeafRows {
  UrlMetric metric;
  std::vector<std::string> attributes;
  std::int64_t window;
  std::string_view name() const { return "url_leaf_rows"; }
  void hash_params(Hasher& hasher) const {
    hasher.add(static_cast<int>(metric));
    hasher.add(attributes);
    hasher.add(window);
  }
  Relation run(const Relation& url_statistics) const;
};

// The tree fitted on the historical leaf rows (Normal for durations, Binomial for failure rates;
// attributes: the cohort attributes, then `url`) and every candidate entity of the anomaly leaf
// rows scored by SingleEntityMle (direction: increase, both metrics being "lower is better").
// Empty when either window has no leaf row.
struct ScoreUrlEntities {
  LeafFamily family;
  DecisionTreeRegressor::Params tree;
  SingleEntityMle::Params mle;
  std::vector<std::string> attributes;  // the tree's, `url` last
  std::string_view name() const { return "url_entity_mle"; }
  void hash_params(Hasher& hasher) const {
    hasher.add(family);
    hasher.add(tree);
    hasher.add(mle);
    hasher.add(attributes);
  }
  std::vector<EntityLikelihood> run(const Relation& historical, const Relation& anomaly) const;
};

// Binomial leaves use probability_floor = 1e-3 (the operator's default is 1e-9): a leaf of tens of
// sessions without a failure cannot tell p = 1e-9 from 1e-3, and with 1e-9 one failed session in
// it scores ln(0.5 / 1e-9) = 20 nats, enough to make noise a lead.
// Leads: candidates with a log-likelihood ratio LLR = ln P[D|H_C] - ln P[D|nothing failed] of at
// least ln(K / alpha), K the candidates scored, and >= min_samples samples in the anomaly window.
// The gate is a test: under the fitted null, the likelihood ratio has expectation 1, so by
// Markov's inequality P(LR >= K / alpha) <= alpha / K, and Bonferroni over the K candidates keeps
// the chance of any lead on a null incident under alpha (if the tree's distributions hold).
// Confidence: the posterior of H_C under a uniform prior over "nothing failed" and the K
// candidates, exp(LLR_C) / (1 + sum_j exp(LLR_j)): near 1 for one entity that explains the data
// far better than any other, split between entities that explain it about equally. A candidate
// whose posterior is under min_posterior (0.01) is not a lead even if it passes the gate: an
// entity that merely contains the MLE's rows (os:Android holding the slow URL's calls) gains
// their ratio without explaining the data itself.
// A cohort value (not a URL) is a lead only if the alert's KPI itself moved there: the
// difference-in-differences z of the value against the rest of the alert's sessions
// (cohort_shift.hpp, workflow 1) is at least kpi_z (2.33, one-sided 1%; one test of the one value
// the MLE chose), with kpi_min_sessions (5) in both windows. The URL rows see a few slow calls of
// a small cohort (a city with 6 anomaly sessions) as a large likelihood ratio; on calibration
// corpora the values named this way whose KPI did not move (z < 2.2) were all false, those that
// were true had z >= 2.7.
class UrlMle : public Expert {
 public:
  UrlMle(UrlMetric metric, const Config* config);
  Lazy<Leads> build(Workflows& wf) const override;

 private:
  Leads rank(const std::vector<EntityLikelihood>& scores, const Relation& historical, const Relation& anomaly,
             const std::vector<std::string>& attributes, const ValueStats& values, const IncidentSpec& spec) const;

  UrlMetric metric_;
  double alpha_;
  std::int64_t min_samples_;
  double min_posterior_;
  double min_change_;
  std::int64_t max_leads_;
  double kpi_z_;
  std::int64_t kpi_min_sessions_;
  DecisionTreeRegressor::Params tree_;
  SingleEntityMle::Params mle_;
};

}  // namespace moce::experts
