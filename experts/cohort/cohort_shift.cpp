// Shift tests on per-window moments.
#include "experts/cohort/cohort_shift.hpp"

#include <algorithm>
#include <cmath>

#include "experts/workflows/session_tables.hpp"
#include "operators/stats/welch_t_test.hpp"

namespace moce::experts {

Moments rest_of(const Moments& total, const Moments& part) {
  Moments rest;
  rest.n = total.n - part.n;
  if (rest.n <= 0.5) return {};
  rest.mean = (total.n * total.mean - part.n * part.mean) / rest.n;
  const double delta = part.mean - rest.mean;
  rest.m2 = std::max(0.0, total.m2 - part.m2 - delta * delta * part.n * rest.n / total.n);
  return rest;
}

WindowMoments rest_of(const WindowMoments& total, const WindowMoments& part) {
  return {rest_of(total[0], part[0]), rest_of(total[1], part[1])};
}

namespace {

double test_variance(const Moments& m, bool binary) {
  if (!binary || m.n < 2) return m.variance();
  const double p = (m.mean * m.n + 0.5) / (m.n + 1);
  return std::max(m.variance(), p * (1 - p) * m.n / (m.n - 1));
}

}  // namespace

ShiftTest shift_against(const WindowMoments& part, const WindowMoments& reference, double sign, double min_sessions,
                        bool binary) {
  ShiftTest out;
  const Moments& h = part[0];
  const Moments& a = part[1];
  if (h.n < min_sessions || a.n < min_sessions || h.n < 2 || a.n < 2) return out;
  out.change = sign * (a.mean - h.mean);
  const double va = test_variance(a, binary), vh = test_variance(h, binary);
  double se2 = va / a.n + vh / h.n;
  const Moments& rh = reference[0];
  const Moments& ra = reference[1];
  if (rh.n > 1 && ra.n > 1) {
    out.rest_change = sign * (ra.mean - rh.mean);
    se2 += test_variance(ra, binary) / ra.n + test_variance(rh, binary) / rh.n;
  }
  const auto welch = WelchTTest().run(SampleSummary{a.n, a.mean, va}, SampleSummary{h.n, h.mean, vh});
  out.p = sign > 0 ? welch.p_greater : welch.p_less;
  out.t = welch.t == welch.t ? sign * welch.t : 0.0;
  if (!(out.p == out.p)) out.p = 1;
  const double diff = out.change - out.rest_change;
  if (se2 > 0) {
    out.z = diff / std::sqrt(se2);
  } else {
    // No variance anywhere: a difference is certain, no difference is no evidence.
    out.z = diff > 0 ? 1e9 : 0.0;
  }
  out.tested = true;
  return out;
}

ShiftTest shift_test(const WindowMoments& part, const WindowMoments& total, double sign, double min_sessions,
                     bool binary) {
  // A part that holds (nearly) every session, e.g. the alert's own cohort os=Android, has no rest
  // to be compared with: it cannot be a cause the alert does not already name.
  const WindowMoments rest = rest_of(total, part);
  if (rest[0].n < min_sessions || rest[1].n < min_sessions) return {};
  return shift_against(part, rest, sign, min_sessions, binary);
}

bool significant(const ShiftTest& test, double alpha, double min_z, std::size_t tested) {
  return test.tested && test.z >= min_z && test.p * static_cast<double>(std::max<std::size_t>(tested, 1)) < alpha;
}

double confidence_of(double z, double scale) { return z > 0 ? 1 - std::exp(-z / scale) : 0.0; }

WindowMoments window_moments(const ValueStats::Row& row) { return {row.window[0], row.window[1]}; }
WindowMoments total_moments(const ValueStats& stats) { return {stats.total[0], stats.total[1]}; }

std::size_t count_testable(const ValueStats& stats, double min_sessions) {
  std::size_t tested = 0;
  for (const auto& row : stats.rows)
    if (row.window[0].n >= min_sessions && row.window[1].n >= min_sessions) ++tested;
  return tested;
}

std::vector<ShiftTest> value_tests(const ValueStats& stats, double sign, double min_sessions, bool binary) {
  const WindowMoments total = total_moments(stats);
  std::vector<ShiftTest> tests;
  tests.reserve(stats.rows.size());
  for (const auto& row : stats.rows) tests.push_back(shift_test(window_moments(row), total, sign, min_sessions, binary));
  return tests;
}

PairMoments::PairMoments(const Relation& cohort_statistics, const std::vector<std::string>& attributes,
                         const std::vector<ValueRef>& values)
    : k_(values.size()), cells_(values.size() * values.size()) {
  // Per attribute, value code -> candidate index (a leaf holds one value per attribute).
  std::vector<std::vector<int>> index(attributes.size());
  std::vector<std::span<const std::int32_t>> codes(attributes.size());
  for (std::size_t a = 0; a < attributes.size(); ++a) {
    const Column& column = cohort_statistics.column(attributes[a]);
    codes[a] = column.codes();
    index[a].assign(static_cast<std::size_t>(std::max<std::int32_t>(column.dictionary()->size(), 0)), -1);
  }
  for (std::size_t i = 0; i < values.size(); ++i) {
    auto& slot = index[static_cast<std::size_t>(values[i].attribute)];
    const auto code = static_cast<std::size_t>(values[i].value);
    if (code >= slot.size()) slot.resize(code + 1, -1);
    slot[code] = static_cast<int>(i);
  }
  const auto window = cohort_statistics.column(kWindowColumn).int64s();
  std::vector<std::size_t> held;
  for (std::size_t r = 0; r < cohort_statistics.num_rows(); ++r) {
    held.clear();
    for (std::size_t a = 0; a < attributes.size(); ++a) {
      const std::int32_t code = codes[a][r];
      if (code < 0 || static_cast<std::size_t>(code) >= index[a].size()) continue;
      if (index[a][static_cast<std::size_t>(code)] >= 0) held.push_back(static_cast<std::size_t>(index[a][static_cast<std::size_t>(code)]));
    }
    if (held.empty()) continue;
    const Moments leaf = leaf_moments(cohort_statistics, r);
    const auto w = static_cast<std::size_t>(window[r]);
    for (std::size_t x : held)
      for (std::size_t y : held) cells_[x * k_ + y][w].merge(leaf);
  }
}

std::string value_lead_id(const ValueStats& stats, const ValueRef& ref) {
  ValueStats::Row row;
  row.attribute = ref.attribute;
  row.value = ref.value;
  return lead_id::cohort(stats.attributes[static_cast<std::size_t>(ref.attribute)], stats.value_name(row));
}

}  // namespace moce::experts
