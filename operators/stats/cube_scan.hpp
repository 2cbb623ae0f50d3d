// A scan of the attribute-combination cube for the root cause of an additive measure's change
// (the multi-dimensional RCA problem of HotSpot, Squeeze and RiskLoc; Adtributor's extension to
// combinations). Every leaf (one value per attribute) has a forecast F and an actual A of the
// measure (e.g. failures). An element of a cuboid (a value for each attribute of a set of at most
// `max_attributes` attributes, e.g. bitrate=2000&p2p=1) covers the leaves that carry its values.
//
// Score: the Poisson log-likelihood ratio of "the element's leaves moved by one common factor
// A_e / F_e, the rest did not" against "nothing moved" (Kulldorff's scan statistic),
//   LLR(e) = A_e ln(A_e / F_e) - (A_e - F_e)      (0 unless e moved in the worse direction).
// It favours the right level of the lattice without a per-leaf variance (so it works when every
// leaf is one observation): a parent that also holds unmoved leaves has a smaller LLR (adding
// leaves with A = F lowers it), and a child holds less of the change.
//
// Answer set (what an RCA protocol scores; small on purpose, every extra element is an FP):
//   1. e* = the element of highest LLR (ties: fewer attributes, then element order);
//   2. a combination gives way to its parent P (e* minus one attribute) when the rest of P
//      (P's leaves outside e*) moved too, by at least `rest_ratio` of e*'s relative change and
//      with an LLR of its own of at least `rest_min_llr` (for counts, a significance level: 2 LLR
//      is chi-square(1) when nothing moved): then the cause is P as a whole (the ripple effect:
//      the leaves of a cause move together), repeated while it applies (of several such
//      parents, the one of highest LLR);
//   3. other elements of the same cuboid join when their own LLR is at least `extra_share` of the
//      first's (several causes in one cuboid, e.g. two bitrates), at most `max_elements` in all.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <utility>
#include <vector>

namespace moce {

struct CubeScanOptions {
  int max_attributes = 3;    // largest cuboid searched
  double rest_ratio = 0.05;  // step 2
  double rest_min_llr = 0;   // step 2
  double extra_share = 0.5;  // step 3
  int max_elements = 3;      // step 3
};

struct CubeElement {
  std::vector<std::pair<int, std::int32_t>> values;  // (attribute index, value code), by attribute
  double actual = 0, forecast = 0;
  double llr = 0;
};

// The Poisson LLR above for totals A and F; `worse` is +1 when a rise is worse, -1 when a fall is.
double cube_llr(double actual, double forecast, double worse);

// `codes[a][leaf]` is the value code of attribute a at a leaf (negative: the leaf has no value of
// a and belongs to no element of it); `forecast` and `actual` per leaf. Returns the answer set,
// best first (empty when no element moved in the worse direction), and how many elements were
// searched (for a multiple-testing correction).
struct CubeScanResult {
  std::vector<CubeElement> answer;
  std::size_t searched = 0;
};
CubeScanResult cube_scan(const std::vector<std::span<const std::int32_t>>& codes, std::span<const double> forecast,
                         std::span<const double> actual, double worse, const CubeScanOptions& options = {});

}  // namespace moce
