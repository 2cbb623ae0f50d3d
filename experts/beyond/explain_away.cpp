// Beyond MoCE: conditional tests that explain shifted candidates away by one cohort value.
#include "experts/beyond/explain_away.hpp"

#include <algorithm>
#include <cmath>

#include "experts/cohort/cohort_shift.hpp"
#include "experts/workflows/session_tables.hpp"

namespace moce::experts {

namespace {

const ExpertInfo kInfo{"explain_away",
                       "beyond_moce",
                       {KpiKind::kReal, KpiKind::kBinary},
                       "the cohort value (attribute:value) that explains other shifted values and URLs",
                       {Telemetry::kCohorts},
                       "Conditional tests: remove a value's sessions, re-test the other candidates"};

// A shifted URL: its measure's moments per window, in and out of every value candidate.
struct UrlCandidate {
  std::string id;
  WindowMoments all;
  std::vector<WindowMoments> inside;  // per value candidate
  ShiftTest test;
};

// URL candidates from workflow 2: per URL, the measure's moments overall and inside each value.
std::vector<UrlCandidate> url_moments(const Relation& urls, const std::vector<std::string>& attributes,
                                      const std::vector<std::pair<int, std::string>>& values, bool binary) {
  std::vector<UrlCandidate> out;
  if (urls.num_rows() == 0 || !urls.has(kUrlColumn)) return out;
  const auto url = urls.column(kUrlColumn).codes();
  const auto window = urls.column(kWindowColumn).int64s();
  const auto measure = urls.column(binary ? kFailureRate : kLatency).reals();
  // Per attribute, this table's code -> value candidate (looked up by name: the dictionaries of
  // workflow 2 need not be workflow 1's).
  std::vector<std::vector<int>> candidate_of(attributes.size());  // code -> candidate, -1: none
  std::vector<std::span<const std::int32_t>> codes(attributes.size());
  for (std::size_t a = 0; a < attributes.size(); ++a) {
    if (!urls.has(attributes[a])) continue;
    const Column& column = urls.column(attributes[a]);
    codes[a] = column.codes();
    candidate_of[a].assign(static_cast<std::size_t>(column.dictionary()->size()), -1);
    for (std::size_t v = 0; v < values.size(); ++v) {
      if (static_cast<std::size_t>(values[v].first) != a) continue;
      const std::int32_t code = column.dictionary()->find(values[v].second);
      if (code >= 0) candidate_of[a][static_cast<std::size_t>(code)] = static_cast<int>(v);
    }
  }
  const DictionaryPtr& dictionary = urls.column(kUrlColumn).dictionary();
  std::vector<int> slot(static_cast<std::size_t>(dictionary->size()), -1);  // URL code -> index in out
  for (std::size_t r = 0; r < urls.num_rows(); ++r) {
    if (window[r] < 0 || window[r] > 1 || !(measure[r] == measure[r])) continue;
    if (url[r] < 0) continue;
    int& index = slot[static_cast<std::size_t>(url[r])];
    if (index < 0) {
      index = static_cast<int>(out.size());
      out.push_back({lead_id::url(dictionary->value(url[r])), {}, std::vector<WindowMoments>(values.size()), {}});
    }
    UrlCandidate& c = out[static_cast<std::size_t>(index)];
    const auto w = static_cast<std::size_t>(window[r]);
    c.all[w].merge(1, measure[r], 0);
    for (std::size_t a = 0; a < attributes.size(); ++a) {
      if (codes[a].empty() || codes[a][r] < 0 || static_cast<std::size_t>(codes[a][r]) >= candidate_of[a].size()) continue;
      const int v = candidate_of[a][static_cast<std::size_t>(codes[a][r])];
      if (v >= 0) c.inside[static_cast<std::size_t>(v)][w].merge(1, measure[r], 0);
    }
  }
  std::sort(out.begin(), out.end(), [](const UrlCandidate& x, const UrlCandidate& y) { return x.id < y.id; });
  return out;
}

bool enough(const WindowMoments& m, double min_n) { return m[0].n >= min_n && m[1].n >= min_n; }

}  // namespace

ExplainAway::ExplainAway(const Config* config)
    : Expert(kInfo, config),
      alpha_(param("alpha", 0.01, 1e-12, 0.5)),
      min_z_(param("min_z", 3.0, 0, 100)),
      z_scale_(param("z_scale", 5.0, 1e-6, 1e6)),
      residual_z_(param("residual_z", 2.0, 0, 100)),
      residual_share_(param("residual_share", 0.5, 0, 1)),
      min_sessions_(param_int("min_sessions", 5, 2, 1'000'000'000)),
      max_candidates_(param_int("max_candidates", 24, 2, 1000)),
      max_leads_(param_int("max_leads", 3, 1, 1000)) {}

Lazy<Leads> ExplainAway::build(Workflows& wf) const {
  const bool higher_is_better = wf.spec().higher_is_better;
  const bool binary = wf.spec().kpi_kind == KpiKind::kBinary;
  auto run = [this, higher_is_better, binary](const Relation& leaves, const ValueStats& stats, const Relation* urls) {
    const double sign = kpi_sign(higher_is_better);
    const double min_n = static_cast<double>(min_sessions_);
    const WindowMoments total = total_moments(stats);
    const auto tests = value_tests(stats, sign, min_n, binary);
    const std::size_t tested = count_testable(stats, min_n);
    std::vector<std::size_t> rows;  // value candidates, by z descending (ties: row order)
    for (std::size_t r = 0; r < stats.rows.size(); ++r)
      if (significant(tests[r], alpha_, min_z_, tested)) rows.push_back(r);
    std::stable_sort(rows.begin(), rows.end(), [&](std::size_t x, std::size_t y) { return tests[x].z > tests[y].z; });
    if (rows.size() > static_cast<std::size_t>(max_candidates_)) rows.resize(static_cast<std::size_t>(max_candidates_));
    Leads out;
    if (rows.empty()) return out;
    std::vector<ValueRef> refs;
    std::vector<std::pair<int, std::string>> names;
    std::vector<std::string> ids;
    for (std::size_t r : rows) {
      refs.push_back({stats.rows[r].attribute, stats.rows[r].value});
      names.emplace_back(stats.rows[r].attribute, stats.value_name(stats.rows[r]));
      ids.push_back(value_lead_id(stats, refs.back()));
    }
    const std::size_t k = refs.size();
    const PairMoments pairs(leaves, stats.attributes, refs);

    // URL candidates: the measure got worse (higher latency or failure rate is worse).
    std::vector<UrlCandidate> url_candidates;
    if (urls) {
      auto all = url_moments(*urls, stats.attributes, names, binary);
      std::size_t url_tested = 0;
      for (auto& c : all) {
        c.test = shift_against(c.all, {}, 1.0, min_n);
        if (c.test.tested) ++url_tested;
      }
      for (auto& c : all)
        if (significant(c.test, alpha_, min_z_, url_tested)) url_candidates.push_back(std::move(c));
    }

    // explains[v][u]: value v explains value u; url_explained[v]: URLs v explains.
    std::vector<std::vector<char>> explains(k, std::vector<char>(k, 0));
    std::vector<std::vector<std::string>> url_explained(k);
    for (std::size_t v = 0; v < k; ++v) {
      const WindowMoments& vm = pairs.at(v, v);
      const WindowMoments outside_v = rest_of(total, vm);
      for (std::size_t u = 0; u < k; ++u) {
        if (u == v || refs[u].attribute == refs[v].attribute) continue;
        const WindowMoments& both = pairs.at(u, v);
        if (!enough(both, min_n)) continue;
        const ShiftTest& own = tests[rows[u]];
        const WindowMoments u_rest = rest_of(pairs.at(u, u), both);
        const ShiftTest residual = shift_test(u_rest, outside_v, sign, min_n, binary);
        const bool vanishes = !residual.tested ||
                              (residual.z < residual_z_ &&
                               residual.change - residual.rest_change <= residual_share_ * (own.change - own.rest_change));
        const WindowMoments v_rest = rest_of(vm, both);
        const ShiftTest within = shift_against(both, v_rest, sign, min_n, binary);
        const bool not_special = !enough(v_rest, min_n) || !within.tested || within.z < residual_z_;
        explains[v][u] = vanishes && not_special;
      }
      for (const auto& c : url_candidates) {
        if (!enough(c.inside[v], min_n)) continue;
        const WindowMoments rest = rest_of(c.all, c.inside[v]);
        const ShiftTest residual = shift_against(rest, {}, 1.0, min_n);
        if (residual.tested && residual.z < residual_z_ && residual.change <= residual_share_ * c.test.change)
          url_explained[v].push_back(c.id);
      }
    }
    // Mutual explanations: the stronger value (higher z, then lower id) keeps its role.
    for (std::size_t v = 0; v < k; ++v)
      for (std::size_t u = v + 1; u < k; ++u)
        if (explains[v][u] && explains[u][v]) {
          const bool v_wins = tests[rows[v]].z > tests[rows[u]].z ||
                              (tests[rows[v]].z == tests[rows[u]].z && ids[v] < ids[u]);
          (v_wins ? explains[u][v] : explains[v][u]) = 0;
        }
    for (std::size_t v = 0; v < k; ++v) {
      bool is_explained = false;
      std::vector<std::string> explained;
      for (std::size_t u = 0; u < k; ++u) {
        if (explains[u][v]) is_explained = true;
        if (explains[v][u]) explained.push_back(ids[u]);
      }
      const std::size_t n_values = explained.size(), n_urls = url_explained[v].size();
      if (is_explained || n_values + n_urls == 0) continue;
      const ShiftTest& test = tests[rows[v]];
      Lead lead;
      lead.id = ids[v];
      lead.confidence = std::pow(confidence_of(test.z, z_scale_), 1.0 / (1.0 + static_cast<double>(n_values + n_urls)));
      lead.evidence.add("z_diff_in_diff", test.z)
          .add("welch_p", test.p)
          .add("explained_values", static_cast<double>(n_values))
          .add("explained_urls", static_cast<double>(n_urls))
          .add("hist_mean", stats.rows[rows[v]].window[0].mean)
          .add("anomaly_mean", stats.rows[rows[v]].window[1].mean);
      std::string note = "explains away:";
      for (const auto& id : explained) note += " " + id;
      for (const auto& id : url_explained[v]) note += " " + id;
      lead.evidence.note = note;
      out.leads.push_back(std::move(lead));
    }
    rank_leads(out.leads, static_cast<std::size_t>(max_leads_));
    return out;
  };
  if (wf.input().schema.has_events) {
    return step(
        wf, "explain",
        [run](const Relation& leaves, const ValueStats& stats, const Relation& urls) { return run(leaves, stats, &urls); },
        wf.cohort_statistics(), wf.value_statistics(), wf.url_statistics());
  }
  return step(
      wf, "explain", [run](const Relation& leaves, const ValueStats& stats) { return run(leaves, stats, nullptr); },
      wf.cohort_statistics(), wf.value_statistics());
}

}  // namespace moce::experts
