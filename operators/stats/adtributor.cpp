// Adtributor: explanatory power, surprise and the greedy explanatory sets.
#include "operators/stats/adtributor.hpp"

#include "operators/stats/code_cardinality.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "runtime/error.hpp"

namespace moce {
namespace {

double sum(const std::vector<double>& v) { return std::accumulate(v.begin(), v.end(), 0.0); }

double share(double part, double total) { return total == 0 ? 0.0 : part / total; }

// Surprise of every element of one measure.
std::vector<double> surprises(const std::vector<double>& forecast, const std::vector<double>& actual) {
  const double f = sum(forecast);
  const double a = sum(actual);
  std::vector<double> s(forecast.size());
  for (std::size_t j = 0; j < s.size(); ++j) s[j] = js_surprise(share(forecast[j], f), share(actual[j], a));
  return s;
}

// EP of every element, or empty when the dimension has no usable change (see the header).
std::vector<double> explanatory_power(const AdtributorCube::Dimension& d, bool derived) {
  const std::size_t n = d.values.size();
  std::vector<double> ep(n);
  const double fa = sum(d.forecast);
  const double aa = sum(d.actual);
  if (!derived) {
    const double change = aa - fa;
    if (std::abs(change) <= 1e-12 * std::max(std::abs(aa), std::abs(fa)) || change == 0) return {};
    for (std::size_t j = 0; j < n; ++j) ep[j] = (d.actual[j] - d.forecast[j]) / change;
    return ep;
  }
  const double fb = sum(d.forecast_b);
  if (fb == 0) return {};
  for (std::size_t j = 0; j < n; ++j) {
    const double da = d.actual[j] - d.forecast[j];
    const double db = d.actual_b[j] - d.forecast_b[j];
    const double denominator = fb * (fb + db);
    ep[j] = denominator == 0 ? 0.0 : (da * fb - db * fa) / denominator;
  }
  const double total = sum(ep);
  if (std::abs(total) <= 1e-12) return {};
  for (double& e : ep) e /= total;
  return ep;
}

}  // namespace

double js_surprise(double p, double q) {
  auto term = [](double x, double m) { return x > 0 ? x * std::log2(x / m) : 0.0; };
  const double m = (p + q) / 2;
  if (m <= 0) return 0.0;
  return 0.5 * (term(p, m) + term(q, m));
}

AdtributorCube adtributor_cube(const std::vector<std::span<const std::int32_t>>& attributes,
                               std::span<const double> forecast, std::span<const double> actual,
                               std::span<const double> forecast_b, std::span<const double> actual_b) {
  const std::size_t n = forecast.size();
  const bool derived = !forecast_b.empty();
  MOCE_ASSERT(actual.size() == n, "adtributor_cube: ", n, " forecasts but ", actual.size(), " actuals");
  MOCE_ASSERT(!derived || (forecast_b.size() == n && actual_b.size() == n), "adtributor_cube: denominator length");
  AdtributorCube cube;
  for (std::size_t a = 0; a < attributes.size(); ++a) {
    const auto codes = attributes[a];
    MOCE_ASSERT(codes.size() == n, "adtributor_cube: attribute ", a, " has ", codes.size(), " rows, not ", n);
    const std::size_t card = code_cardinality(codes);
    std::vector<double> f(card), ac(card), fb(derived ? card : 0), ab(derived ? card : 0);
    std::vector<char> seen(card, 0);
    for (std::size_t r = 0; r < n; ++r) {
      if (codes[r] < 0) continue;
      const auto v = static_cast<std::size_t>(codes[r]);
      seen[v] = 1;
      f[v] += forecast[r];
      ac[v] += actual[r];
      if (derived) {
        fb[v] += forecast_b[r];
        ab[v] += actual_b[r];
      }
    }
    AdtributorCube::Dimension d;
    d.attribute = static_cast<int>(a);
    for (std::size_t v = 0; v < card; ++v) {
      if (!seen[v]) continue;
      d.values.push_back(static_cast<std::int32_t>(v));
      d.forecast.push_back(f[v]);
      d.actual.push_back(ac[v]);
      if (derived) {
        d.forecast_b.push_back(fb[v]);
        d.actual_b.push_back(ab[v]);
      }
    }
    cube.dimensions.push_back(std::move(d));
  }
  return cube;
}

Adtributor::Adtributor(Params params) : params_(params) {
  if (params_.k < 1) throw ConfigError(cat(kName, ": k must be >= 1, got ", params_.k));
}

std::vector<ExplanatorySet> Adtributor::run(const AdtributorCube& cube) const {
  const bool derived = cube.derived();
  std::vector<ExplanatorySet> sets;
  for (const auto& d : cube.dimensions) {
    const std::size_t n = d.values.size();
    MOCE_ASSERT(d.forecast.size() == n && d.actual.size() == n, kName, ": dimension ", d.attribute, " is ragged");
    const std::vector<double> ep = explanatory_power(d, derived);
    if (ep.empty()) continue;
    std::vector<double> s = surprises(d.forecast, d.actual);
    if (derived) {
      const std::vector<double> sb = surprises(d.forecast_b, d.actual_b);
      for (std::size_t j = 0; j < n; ++j) s[j] += sb[j];
    }
    std::vector<std::size_t> order(n);
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](std::size_t x, std::size_t y) {
      return s[x] != s[y] ? s[x] > s[y] : d.values[x] < d.values[y];
    });
    ExplanatorySet set;
    set.attribute = d.attribute;
    for (std::size_t j : order) {
      if (ep[j] > params_.teep) {
        set.elements.push_back({d.attribute, d.values[j], ep[j], s[j]});
        set.explanatory_power += ep[j];
        set.surprise += s[j];
      }
      if (set.explanatory_power > params_.tep) {
        sets.push_back(std::move(set));
        break;
      }
    }
  }
  std::stable_sort(sets.begin(), sets.end(),
                   [](const ExplanatorySet& x, const ExplanatorySet& y) { return x.surprise > y.surprise; });
  if (sets.size() > static_cast<std::size_t>(params_.k)) sets.resize(static_cast<std::size_t>(params_.k));
  return sets;
}

std::vector<AdtributorLead> flatten_leads(const std::vector<ExplanatorySet>& sets) {
  std::vector<AdtributorLead> out;
  for (const auto& set : sets) out.insert(out.end(), set.elements.begin(), set.elements.end());
  return out;
}

}  // namespace moce
