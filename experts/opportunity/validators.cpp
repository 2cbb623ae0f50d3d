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
              std::vector<Opportunity>& opportunities, std::int64_t total_users, const ValidatorOptions& options) {
  // Binary KPIs are judged on their bad-outcome rate, real ones on the mean; `sign` makes worse positive.
  const bool flip = kpi.binary && kpi.higher_is_better;
  const double sign = kpi.binary ? 1.0 : (kpi.higher_is_better ? -1.0 : 1.0);
  auto level = [&](const Moments& m) { return flip ? 1 - kpi.mean(m) : kpi.mean(m); };
  std::vector<double> p;
  for (std::size_t c = 0; c < moments.size(); ++c) {
    auto& o = opportunities[c];
    const auto& in = moments[c];
    const auto& all = reference[c];
    Moments out{all.n - in.n, all.sum - in.sum, all.sum_sq - in.sum_sq, all.bad - in.bad, 0};
    o.session_share = kpi.total.n ? static_cast<double>(in.n) / static_cast<double>(kpi.total.n) : 0;
    o.user_share = total_users ? static_cast<double>(in.users) / static_cast<double>(total_users) : 0;
    o.inside = level(in);
    o.outside = level(out);
    o.effect = sign * (o.inside - o.outside);
    const double se = std::sqrt((in.n > 1 ? kpi.variance(in) / static_cast<double>(in.n) : 0) +
                                (out.n > 1 ? kpi.variance(out) / static_cast<double>(out.n) : 0));
    o.effect_lo = o.effect - 1.96 * se;
    o.effect_hi = o.effect + 1.96 * se;
    const double base = std::max(std::abs(o.outside), 1e-12);
    o.relative = o.effect / base;
    o.p = 1;
    if (in.n >= options.min_sessions && out.n >= options.min_sessions && se > 0) {
      const double a = kpi.variance(in) / static_cast<double>(in.n), b = kpi.variance(out) / static_cast<double>(out.n);
      const double df = (a + b) * (a + b) /
                        (a * a / static_cast<double>(in.n - 1) + b * b / static_cast<double>(out.n - 1) + 1e-300);
      o.p = student_t_sf(o.effect / se, std::max(1.0, df));
    }
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
