// The opportunity finder (HotNets'25 sec. 4): compiles concrete hypotheses into one lazy DAG
// (shared shard, derived columns, token sequences, masks; one statistics node per KPI and
// crossing or per pattern spec), validates every cohort with the mixture, and ranks the leads.
// With a budget, a feedback loop spends it in rounds: a spread over every template first, then
// the neighbours of the hypotheses whose cohorts showed the largest effects (successive halving
// of the remaining budget); without feedback the budget takes an evenly spaced slice of the pool.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "experts/core/incident_input.hpp"
#include "experts/opportunity/hypothesis.hpp"
#include "experts/opportunity/validators.hpp"
#include "runtime/dag/graph.hpp"

namespace moce::experts::opportunity {

struct FinderOptions {
  std::vector<std::string> cross;  // static attributes the generator crosses with
  std::int64_t budget = 0;         // concrete hypotheses to test; 0 = the whole pool
  bool feedback = true;
  int rounds = 4;
  int higher_is_better = -1;  // -1: the incident row's direction for its KPI; else binary higher, real lower
  std::int64_t min_gram_sessions = 20;
  ValidatorOptions validators;
};

struct FinderResult {
  std::vector<Opportunity> ranked;  // leads, per KPI: opportunities by score, then symptoms
  std::int64_t hypotheses = 0;      // concrete hypotheses tested
  std::int64_t cohorts = 0;         // cohort tests (one per cohort of each hypothesis)
  std::map<std::string, std::int64_t> cohorts_by_template;
  std::int64_t distinct_nodes = 0;  // nodes of the one DAG
  std::int64_t per_hypothesis_nodes = 0;  // the sum over hypotheses of the nodes each needs alone
  int rounds = 0;
  double seconds = 0;
};

FinderResult find_opportunities(const IncidentInput& input, const std::vector<Hypothesis>& pool,
                                const FinderOptions& options);

// The leads of one KPI in rank order (opportunities first, then symptoms).
std::vector<Opportunity> leads_of(const FinderResult& result, const std::string& kpi);

}  // namespace moce::experts::opportunity
