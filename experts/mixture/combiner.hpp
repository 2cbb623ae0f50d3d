// The combiner (sec. 4.3): "the final score for each root cause is the normalized weighted sum of
// the confidence scores from all experts that identified it", top K kept.
//
// Our normalisation: each expert's confidences (each in [0, 1]) are scaled by 1 / max(1, their
// sum), so an expert casts at most one unit of vote however many leads it lists, and a lone
// weak lead keeps its weakness (an expert that is unsure stays unsure). A lead's score is then
//   score(id) = sum over experts e that name id of  weight(e) * normalised confidence_e(id).
// Leads below the confidence floor are dropped (on an incident with nothing to find the mixture
// should say nothing); the rest are ranked by score, ties by id, and the first K kept. Leads under
// relative_floor times the top score stay in the ranked list but outside the answer set
// (CombinedLead::answered), which is what the multi-dimensional RCA protocol scores.
//
// Refinement (refine_combinations, default on): a combination lead a:v&b:w is only ever named by
// an expert that found the pair to beat each part (cohort_lattice: higher z, and it shifts beyond
// each part's rest). The experts that named a part alone saw the same sessions through a coarser
// hypothesis space, so their votes are evidence for the pair as well: the pair's score adds its
// strongest part's score, and ranks above its parts. Scores before the floor.
//
// Corroboration (lone_factor, 0.5 in the mixture): experts of one family test one hypothesis space with redundant
// statistics (the six URL differential tests: mean, p75 and p95 of duration and failure rate;
// the three single-entity MLEs). A degradation that matters moves several of them; a lead that
// one of them names while at least lone_min_peers (2) others of its family ran on the incident
// and stayed silent is weaker evidence than the expert's weight says. Its score is multiplied by
// the family's lone factor (lone_factors, else lone_factor) before the refinement and the floor.
// The mixture's defaults (mixture_config.cpp) are the measured ratio of such lone votes'
// precision to that of all other leads. A lead a second expert names, and a lead of an expert
// with fewer peers (the log expert, the lattice's pairs, the lifecycle expert), keeps its score.
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <vector>

#include "experts/core/lead.hpp"

namespace moce::experts {

struct CombinerOptions {
  std::size_t k = 5;
  double floor = 0;                        // drop combined leads with a lower score
  // Leads scoring under this share of the top lead's score are left out of the answer set
  // (0: every lead is in it). The multi-dimensional RCA protocol counts every answered lead past
  // the cause as a false positive, and leads far behind the top one are mostly the experts'
  // disagreements; an analyst reading the ranked list (recall@K) still sees them, below.
  double relative_floor = 0;
  std::map<std::string, double> weights;   // per expert; absent = default_weight
  double default_weight = 1;
  bool refine_combinations = true;
  std::map<std::string, std::string> families;  // expert -> family; absent = a family of its own
  double lone_factor = 1;                       // 1 = no corroboration discount
  std::map<std::string, double> lone_factors;   // per family; absent = lone_factor
  std::size_t lone_min_peers = 2;
  double weight(const std::string& expert) const;
};

struct Vote {
  std::string expert;
  double confidence = 0;   // as the expert gave it
  double contribution = 0; // weight * normalised confidence
  const Evidence* evidence = nullptr;  // the expert's evidence (valid while its Leads live)
};

struct CombinedLead {
  std::string id;
  double score = 0;
  std::vector<Vote> votes;  // in expert order
  bool answered = true;     // in the answer set (score >= relative_floor * top); a prefix of the list
};

// How many leads, from the top, form the answer set.
std::size_t answer_size(const std::vector<CombinedLead>& leads);

struct ExpertOutput {
  std::string expert;
  const Leads* leads = nullptr;
};

std::vector<CombinedLead> combine(const std::vector<ExpertOutput>& outputs, const CombinerOptions& options);

// The corroboration step above, on summed scores; `ran` are the experts whose outputs were
// combined (exposed for its test).
void discount_lone_votes(std::vector<CombinedLead>& leads, const std::vector<std::string>& ran,
                         const CombinerOptions& options);

// The refinement step above, on summed scores (exposed for its test).
void refine_combinations(std::vector<CombinedLead>& leads);

}  // namespace moce::experts
