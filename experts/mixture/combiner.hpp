// The combiner (sec. 4.3): "the final score for each root cause is the normalized weighted sum of
// the confidence scores from all experts that identified it", top K kept.
//
// Our normalisation: each expert's confidences (each in [0, 1]) are scaled by 1 / max(1, their
// sum), so an expert casts at most one unit of vote however many leads it lists, and a lone
// weak lead keeps its weakness (an expert that is unsure stays unsure). A lead's score is then
//   score(id) = sum over experts e that name id of  weight(e) * normalised confidence_e(id).
// Leads below the confidence floor are dropped (on an incident with nothing to find the mixture
// should say nothing); the rest are ranked by score, ties by id, and the first K kept.
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
  std::map<std::string, double> weights;   // per expert; absent = default_weight
  double default_weight = 1;
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
};

struct ExpertOutput {
  std::string expert;
  const Leads* leads = nullptr;
};

std::vector<CombinedLead> combine(const std::vector<ExpertOutput>& outputs, const CombinerOptions& options);

}  // namespace moce::experts
