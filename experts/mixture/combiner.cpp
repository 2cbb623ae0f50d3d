// Weighted, normalised voting.
#include "experts/mixture/combiner.hpp"

#include <algorithm>
#include <unordered_map>

namespace moce::experts {

double CombinerOptions::weight(const std::string& expert) const {
  auto it = weights.find(expert);
  return it == weights.end() ? default_weight : it->second;
}

std::size_t answer_size(const std::vector<CombinedLead>& leads) {
  std::size_t n = 0;
  while (n < leads.size() && leads[n].answered) ++n;
  return n;
}

void refine_combinations(std::vector<CombinedLead>& leads) {
  std::unordered_map<std::string, double> score;
  for (const auto& lead : leads) score.emplace(lead.id, lead.score);
  for (auto& lead : leads) {
    if (lead.id.find('&') == std::string::npos) continue;
    double best_part = 0;
    std::size_t begin = 0;
    while (begin <= lead.id.size()) {
      const std::size_t end = std::min(lead.id.find('&', begin), lead.id.size());
      auto it = score.find(lead.id.substr(begin, end - begin));
      if (it != score.end()) best_part = std::max(best_part, it->second);
      begin = end + 1;
    }
    lead.score += best_part;
  }
}

std::vector<CombinedLead> combine(const std::vector<ExpertOutput>& outputs, const CombinerOptions& options) {
  std::vector<CombinedLead> leads;
  std::unordered_map<std::string, std::size_t> index;
  for (const auto& output : outputs) {
    if (!output.leads) continue;
    const double w = options.weight(output.expert);
    if (w == 0) continue;
    double total = 0;
    for (const auto& lead : output.leads->leads)
      if (lead.confidence > 0) total += lead.confidence;
    const double scale = total > 1 ? 1 / total : 1;
    for (const auto& lead : output.leads->leads) {
      if (!(lead.confidence > 0)) continue;
      auto [it, fresh] = index.emplace(lead.id, leads.size());
      if (fresh) leads.push_back({lead.id, 0, {}});
      auto& combined = leads[it->second];
      const double contribution = w * lead.confidence * scale;
      combined.score += contribution;
      combined.votes.push_back({output.expert, lead.confidence, contribution, &lead.evidence});
    }
  }
  if (options.refine_combinations) refine_combinations(leads);
  std::erase_if(leads, [&](const CombinedLead& lead) { return lead.score < options.floor; });
  std::sort(leads.begin(), leads.end(), [](const CombinedLead& a, const CombinedLead& b) {
    return a.score != b.score ? a.score > b.score : a.id < b.id;
  });
  if (!leads.empty() && options.relative_floor > 0) {
    const double cut = options.relative_floor * leads.front().score;
    for (auto& lead : leads) lead.answered = lead.score >= cut;
  }
  if (leads.size() > options.k) leads.resize(options.k);
  return leads;
}

}  // namespace moce::experts
