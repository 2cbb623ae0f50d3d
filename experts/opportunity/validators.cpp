// The validators; see validators.hpp.
#include "experts/opportunity/validators.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>

#include "operators/stats/special_functions.hpp"

namespace moce::experts::opportunity {

std::vector<double> benjamini_hochberg(const std::vector<double>& p) {
  const auto m = p.size();
  std::vector<std::size_t> order(m);
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](auto a, auto b) { return p[a] < p[b]; });
  std::vector<double> q(m, 1);
  double running = 1;
  for (std::size_t r = m; r-- > 0;) {
    const double v = p[order[r]] * static_cast<double>(m) / static_cast<double>(r + 1);
    running = std::min(running, v);
    q[order[r]] = std::min(1.0, running);
  }
  return q;
}

bool hotnets_expert1(std::int64_t faulty_in, std::int64_t faulty, std::int64_t normal_in, std::int64_t normal,
                     double min_share, double min_ratio) {
  if (faulty <= 0) return false;
  const double pf = static_cast<double>(faulty_in) / static_cast<double>(faulty);
  const double pn = normal > 0 ? static_cast<double>(normal_in) / static_cast<double>(normal) : 0;
  return pf >= min_share && pf >= min_ratio * pn;
}

std::vector<double> robust_z(const std::vector<double>& values) {
  std::vector<double> out(values.size(), 0);
  if (values.size() < 3) return out;
  auto median = [](std::vector<double> v) {
    std::sort(v.begin(), v.end());
    const auto n = v.size();
    return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
  };
  const double med = median(values);
  std::vector<double> dev;
  for (double v : values) dev.push_back(std::abs(v - med));
  const double mad = median(dev);
  if (mad <= 0) return out;
  for (std::size_t i = 0; i < values.size(); ++i) out[i] = 0.6745 * (values[i] - med) / mad;
  return out;
}

void validate(const KpiValues& kpi, const std::vector<Moments>& moments, const std::vector<Moments>& reference,
              const std::vector<Moments>& atom_alone, std::vector<Opportunity>& opportunities, std::int64_t total_users, const ValidatorOptions& options) {
  // Binary KPIs are judged on their bad-outcome rate, real ones on the mean; `sign` makes worse positive.
  const bool flip = kpi.binary && kpi.higher_is_better;
  const double sign = kpi.binary ? 1.0 : (kpi.higher_is_better ? -1.0 : 1.0);
  auto level = [&](const Moments& m) { return flip ? 1 - kpi.mean(m) : kpi.mean(m); };
  // A contrast a - b, worse = positive: binary KPIs by the two-proportion z (pooled rate), real
  // ones by Welch's t (its variance and degrees of freedom).
  struct Contrast {
    double diff = 0, var = 0, df = 1e9;
  };
  auto contrast = [&](const Moments& a, const Moments& b) {
    Contrast r;
    r.diff = sign * (level(a) - level(b));
    if (a.n < 2 || b.n < 2) return r;
    const double na = static_cast<double>(a.n), nb = static_cast<double>(b.n);
    if (kpi.binary) {
      const double pooled = static_cast<double>(a.bad + b.bad) / (na + nb);
      r.var = pooled * (1 - pooled) * (1 / na + 1 / nb);
    } else {
      const double va = kpi.variance(a) / na, vb = kpi.variance(b) / nb;
      r.var = va + vb;
      r.df = std::max(1.0, r.var * r.var / (va * va / (na - 1) + vb * vb / (nb - 1) + 1e-300));
    }
    return r;
  };
  auto minus = [](const Moments& a, const Moments& b) {
    return Moments{a.n - b.n, a.sum - b.sum, a.sum_sq - b.sum_sq, a.bad - b.bad, 0};
  };
  std::vector<double> p;
  for (std::size_t c = 0; c < moments.size(); ++c) {
    auto& o = opportunities[c];
    const auto& in = moments[c];
    const auto& all = reference[c];
    const Moments out = minus(all, in);
    o.session_share = kpi.total.n ? static_cast<double>(in.n) / static_cast<double>(kpi.total.n) : 0;
    o.user_share = total_users ? static_cast<double>(in.users) / static_cast<double>(total_users) : 0;
    o.inside = level(in);
    o.outside = level(out);
    Contrast e = contrast(in, out);
    // A crossed cohort: the difference from the rest of its value, less the atom's own difference
    // from the rest of the population (difference in differences), so that a time of day or a
    // lifecycle stage that is worse for everyone is not credited to each value it is crossed with.
    if (c < atom_alone.size() && atom_alone[c].n > 0) {
      const Contrast a = contrast(atom_alone[c], minus(kpi.total, atom_alone[c]));
      o.atom_effect = a.diff;
      e.diff -= a.diff;
      e.var += a.var;
      e.df = std::min(e.df, a.df);
    }
    const double se = std::sqrt(e.var);
    o.effect = e.diff;
    o.effect_lo = o.effect - 1.96 * se;
    o.effect_hi = o.effect + 1.96 * se;
    o.relative = o.effect / std::max(std::abs(o.outside), 1e-12);
    o.p = in.n >= options.min_sessions && out.n >= options.min_sessions && se > 0 ? student_t_sf(o.effect / se, e.df)
                                                                                  : 1.0;
    p.push_back(o.p);
    o.faulty_share = all.bad ? static_cast<double>(in.bad) / static_cast<double>(all.bad) : 0;
    const auto normal = all.n - all.bad, normal_in = in.n - in.bad;
    o.normal_share = normal ? static_cast<double>(normal_in) / static_cast<double>(normal) : 0;
    o.expert1 = hotnets_expert1(in.bad, all.bad, normal_in, normal, options.min_faulty_share, options.min_ratio);
  }
  const auto q = benjamini_hochberg(p);
  // Expert 2: outliers among siblings (the cohorts of one hypothesis), or a gap above 25%.
  std::map<std::int64_t, std::vector<std::size_t>> siblings;
  for (std::size_t c = 0; c < moments.size(); ++c)
    if (moments[c].n >= options.min_sessions) siblings[opportunities[c].group].push_back(c);
  for (auto& [g, members] : siblings) {
    std::vector<double> levels;
    for (auto c : members) levels.push_back(sign * opportunities[c].inside);
    const auto z = robust_z(levels);
    for (std::size_t j = 0; j < members.size(); ++j) opportunities[members[j]].robust_z = z[j];
  }
  for (std::size_t c = 0; c < moments.size(); ++c) {
    auto& o = opportunities[c];
    o.q = q[c];
    o.significant = moments[c].n >= options.min_sessions && o.q <= options.alpha;
    o.expert2 = o.robust_z >= options.outlier_z || o.relative > options.gap;
    o.score = o.effect_lo / std::max(std::abs(o.outside), 1e-12);
  }
}

}  // namespace moce::experts::opportunity
