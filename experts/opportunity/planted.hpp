// Scoring the ranking against planted opportunities (the simulator's ground truth, or a CSV the
// user brings): a lead finds a planted opportunity when its cohort has the same atoms (in any
// order); a lead sharing some atom with a planted cohort of its KPI (a refinement or a coarser
// cohort of it) is "related"; any other lead is a false lead.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "experts/opportunity/validators.hpp"

namespace moce::experts::opportunity {

struct Planted {
  std::string name, kpi, cohort;
};

// Parses CSV text with a header naming at least `kpi` and `cohort` (and optionally `name`);
// `where` names the source in errors.
std::vector<Planted> parse_planted(const std::string& csv, const std::string& where);

// The sorted atoms of a cohort name ("a & b").
std::vector<std::string> atoms_of(const std::string& cohort);

struct PlantedScore {
  std::string kpi;
  int k = 0;
  std::int64_t planted = 0, found = 0, false_leads = 0, related = 0;
};

// For each KPI in `kpis` and each k: planted count, found in the top k, false and related leads.
std::vector<PlantedScore> score_planted(const std::vector<Opportunity>& ranked, const std::vector<Planted>& planted,
                                        const std::vector<std::string>& kpis, const std::vector<int>& ks);
// The planted opportunity a lead finds (its name), or "" if none.
std::string planted_match(const Opportunity& lead, const std::vector<Planted>& planted);

}  // namespace moce::experts::opportunity
