// Scoring a scheme's ranked leads against an incident's truth (MoCE sec. 6.1, Figures 9a, 10).
//
// - A cause is found at rank r when any of its alternatives ('|'-separated equivalent ids) is the
//   r-th lead. recall@K = the share of the incident's causes found in the first K leads.
// - precision = 1 / the rank of the first lead that names a cause, over the first K leads (0 when
//   none does): how far down the list an analyst reads before the truth.
// - Null incidents (no cause) are scored apart: a false alarm is any lead at all (schemes drop
//   leads under the confidence floor before scoring).
// - The multi-dimensional RCA protocol (RiskLoc, Squeeze): a scheme's answer set is its leads
//   above the confidence floor and, for the mixture, within relative_floor of its top lead
//   (experts/mixture/combiner.hpp); a cause is a true positive when any of its alternatives is in the
//   set, a false negative otherwise, and every lead that names no cause is a false positive.
//   F1 = 2 TP / (2 TP + FP + FN) over the TP, FP, FN summed across incidents (micro F1, as
//   RiskLoc reports it).
// Aggregates average over incidents; bootstrap intervals resample incidents (seeded).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "operators/io/incident_index.hpp"

namespace moce::eval {

inline constexpr std::size_t kMaxK = 10;  // recall@1..recall@10 are reported

// A cause's equivalent ids: the shared moce::split_alternatives (operators/io/incident_index.hpp).
using moce::split_alternatives;

// Set-level counts of one answer set against one truth.
struct SetCounts {
  std::size_t tp = 0, fp = 0, fn = 0;
  SetCounts& operator+=(const SetCounts& o) {
    tp += o.tp, fp += o.fp, fn += o.fn;
    return *this;
  }
};
SetCounts set_counts(const std::vector<std::string>& answer, const std::vector<std::string>& truth);
// 2 TP / (2 TP + FP + FN); NaN when all three are 0.
double f1(const SetCounts& counts);

struct Score {
  bool null = false;
  std::vector<double> recall;  // recall[k-1] = recall@k, k = 1..kMaxK (non-null incidents)
  double precision = 0;        // over the first `k` leads
  bool false_alarm = false;    // null incidents: any lead
  SetCounts set;               // the answer set against the truth
  double recall_at(std::size_t k) const { return recall.empty() ? 0 : recall[std::min(k, recall.size()) - 1]; }
};

// `leads`: the scheme's ids best first (already floored, not cut to K). `k`: the headline K for
// precision. `answered`: how many of the first leads form the answer set for the set counts
// (default: all of them).
Score score(const std::vector<std::string>& leads, const std::vector<std::string>& truth, std::size_t k,
            std::size_t answered = static_cast<std::size_t>(-1));

struct Interval {
  double lo = 0;
  double hi = 0;
};

// Mean of `values` (0 for none).
double mean(const std::vector<double>& values);
// Percentile bootstrap 95% interval of the mean: `resamples` resamples with replacement drawn
// from a generator seeded with `seed`.
Interval bootstrap_mean(const std::vector<double>& values, std::size_t resamples, std::uint64_t seed);

// A stable 64-bit seed from a base seed and a label (FNV-1a), so every table's randomness is a
// function of the config alone.
std::uint64_t derive_seed(std::uint64_t seed, const std::string& label);

}  // namespace moce::eval
