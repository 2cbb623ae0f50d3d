// The cube scan: every element of every cuboid of up to max_attributes attributes, summed from
// the leaves in one pass per cuboid, then the answer set of cube_scan.hpp.
#include "operators/stats/cube_scan.hpp"

#include <algorithm>
#include <cmath>
#include <map>

namespace moce {

namespace {

using Values = std::vector<std::pair<int, std::int32_t>>;
using Totals = std::map<Values, std::pair<double, double>>;  // element -> (actual, forecast)

// Every subset of {0..n-1} with 1..k members, in increasing size then lexicographic order.
std::vector<std::vector<int>> cuboids(int n, int k) {
  std::vector<std::vector<int>> out;
  std::vector<int> current;
  auto extend = [&](auto&& self, int from, int size) -> void {
    if (static_cast<int>(current.size()) == size) {
      out.push_back(current);
      return;
    }
    for (int a = from; a < n; ++a) {
      current.push_back(a);
      self(self, a + 1, size);
      current.pop_back();
    }
  };
  for (int size = 1; size <= std::min(n, k); ++size) extend(extend, 0, size);
  return out;
}

CubeElement element_of(const Totals::value_type& entry, double worse) {
  return {entry.first, entry.second.first, entry.second.second,
          cube_llr(entry.second.first, entry.second.second, worse)};
}

// Better first: higher LLR, then fewer attributes, then element order.
bool better(const CubeElement& x, const CubeElement& y) {
  if (x.llr != y.llr) return x.llr > y.llr;
  if (x.values.size() != y.values.size()) return x.values.size() < y.values.size();
  return x.values < y.values;
}

double relative_change(double actual, double forecast, double worse) { return worse * (actual - forecast) / forecast; }

bool same_cuboid(const Values& x, const Values& y) {
  if (x.size() != y.size()) return false;
  for (std::size_t i = 0; i < x.size(); ++i)
    if (x[i].first != y[i].first) return false;
  return true;
}

}  // namespace

double cube_llr(double actual, double forecast, double worse) {
  if (!(forecast > 0) || !(actual >= 0) || !(worse * (actual - forecast) > 0)) return 0;
  const double log_term = actual > 0 ? actual * std::log(actual / forecast) : 0;
  return log_term - (actual - forecast);
}

CubeScanResult cube_scan(const std::vector<std::span<const std::int32_t>>& codes, std::span<const double> forecast,
                         std::span<const double> actual, double worse, const CubeScanOptions& options) {
  Totals totals;
  const std::size_t leaves = forecast.size();
  for (const auto& cuboid : cuboids(static_cast<int>(codes.size()), options.max_attributes)) {
    Values key(cuboid.size());
    for (std::size_t leaf = 0; leaf < leaves; ++leaf) {
      bool covered = true;
      for (std::size_t i = 0; i < cuboid.size() && covered; ++i) {
        const std::int32_t code = codes[static_cast<std::size_t>(cuboid[i])][leaf];
        covered = code >= 0;
        key[i] = {cuboid[i], code};
      }
      if (!covered) continue;
      auto& cell = totals[key];
      cell.first += actual[leaf];
      cell.second += forecast[leaf];
    }
  }
  // 1. The element of highest LLR.
  std::vector<CubeElement> all;
  all.reserve(totals.size());
  for (const auto& entry : totals) all.push_back(element_of(entry, worse));
  std::sort(all.begin(), all.end(), better);
  CubeScanResult result;
  result.searched = all.size();
  if (all.empty() || !(all.front().llr > 0)) return result;
  CubeElement first = all.front();
  // 2. Up the lattice while the rest of a parent moved with it.
  while (first.values.size() > 1) {
    const double change = relative_change(first.actual, first.forecast, worse);
    const CubeElement* up = nullptr;
    CubeElement candidate;
    for (std::size_t drop = 0; drop < first.values.size(); ++drop) {
      Values parent = first.values;
      parent.erase(parent.begin() + static_cast<std::ptrdiff_t>(drop));
      const auto it = totals.find(parent);
      if (it == totals.end()) continue;
      const double rest_actual = it->second.first - first.actual, rest_forecast = it->second.second - first.forecast;
      if (!(rest_forecast > 0) ||
          !(relative_change(rest_actual, rest_forecast, worse) >= options.rest_ratio * change) ||
          !(cube_llr(rest_actual, rest_forecast, worse) >= options.rest_min_llr))
        continue;
      CubeElement p = element_of(*it, worse);
      if (!up || better(p, candidate)) {
        candidate = std::move(p);
        up = &candidate;
      }
    }
    if (!up) break;
    first = candidate;
  }
  // 3. Further causes in the same cuboid.
  auto& answer = result.answer;
  answer.push_back(first);
  for (const auto& e : all) {
    if (static_cast<int>(answer.size()) >= options.max_elements) break;
    if (!(e.llr > 0) || e.llr < options.extra_share * first.llr) break;
    if (e.values != first.values && same_cuboid(e.values, first.values)) answer.push_back(e);
  }
  return result;
}

}  // namespace moce
