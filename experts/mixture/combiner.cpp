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

void discount_lone_votes(std::vector<CombinedLead>& leads, const std::vector<std::string>& ran,
                         const CombinerOptions& options) {
  if (options.lone_factor == 1 && options.lone_factors.empty()) return;
  auto family = [&](const std::string& expert) {
    auto it = options.families.find(expert);
    return it == options.families.end() ? "expert:" + expert : it->second;
  };
  std::unordered_map<std::string, std::size_t> members;
  for (const auto& expert : ran) ++members[family(expert)];
  for (auto& lead : leads) {
    if (lead.votes.size() != 1) continue;
    const std::string f = family(lead.votes.front().expert);
    if (members[f] < options.lone_min_peers + 1) continue;
    auto it = options.lone_factors.find(f);
    lead.score *= it == options.lone_factors.end() ? options.lone_factor : it->second;
  }
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
  std::vector<std::string> ran;
  for (const auto& output : outputs) {
    if (!output.leads) continue;
    const double w = options.weight(output.expert);
    if (w == 0) continue;
    ran.push_back(output.expert);
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
  discount_lone_votes(leads, ran, options);
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
