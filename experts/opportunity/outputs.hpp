// The finder's output files: opportunities.csv (every lead, ranked per KPI), planted.csv (recall
// of planted opportunities in the top k with false and related leads), and report.md.
#pragma once

#include <string>
#include <vector>

#include "experts/opportunity/finder.hpp"
#include "experts/opportunity/planted.hpp"

namespace moce::experts::opportunity {

std::string opportunities_csv(const FinderResult& result, const std::vector<Planted>& planted);
std::string planted_scores_csv(const std::vector<PlantedScore>& scores);

struct ReportInfo {
  std::string corpus, incident, hypotheses_source, git_sha;
  std::vector<std::string> kpis;
  int ranks = 1;
  std::int64_t budget = 0;
  bool feedback = true, has_truth = false;
};
std::string report_md(const FinderResult& result, const std::vector<Planted>& planted,
                      const std::vector<PlantedScore>& scores, const ReportInfo& info);

}  // namespace moce::experts::opportunity
