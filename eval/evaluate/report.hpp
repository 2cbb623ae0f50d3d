// report.md: the evaluation's tables in the spirit of MoCE's Figures 9-11 and Table 2, and a
// clearly marked timing section (the only part that depends on the machine and the rank count).
#pragma once

#include <string>
#include <vector>

#include "eval/evaluate/analysis.hpp"
#include "eval/evaluate/runtime_bench.hpp"

namespace moce::eval {

struct ReportContext {
  std::string corpus;
  std::string out_dir;
  std::size_t k = 5;
  int ranks = 1, ranks_per_incident = 1;
  std::size_t incidents = 0, null_incidents = 0;
  double evaluate_seconds = 0;
  std::size_t evaluated_now = 0, resumed = 0;
  std::vector<std::string> plots;  // PNG files written next to the report
  // (expert, family, ran, skipped, failed)
  struct ExpertStatus {
    std::string name, family;
    std::size_t ran = 0, skipped = 0, failed = 0;
  };
  std::vector<ExpertStatus> experts;
};

std::string report_md(const Analysis& analysis, const RuntimeResult* runtime, const ReportContext& context);

// The summary table printed at the end of `moce evaluate`: the `all` rows (and `null`) of the
// mixture, the baselines and the best single expert.
std::string summary_table(const Analysis& analysis, std::size_t k);

}  // namespace moce::eval
