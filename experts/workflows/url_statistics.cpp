// Workflow 2: per (session, URL) response statistics inside the flow context.
#include "experts/workflows/url_statistics.hpp"

#include <cmath>
#include <map>

#include "experts/workflows/session_tables.hpp"
#include "operators/relational/concat.hpp"
#include "operators/relational/predicate.hpp"

namespace moce::experts {

namespace {

struct UrlAccumulator {
  std::int64_t attempts = 0, failures = 0, timed = 0;
  double latency_sum = 0;
};

}  // namespace

Relation UrlStatistics::run(const Sequence& context, const Relation& sessions) const {
  const auto& spec = input->spec;
  const auto& attributes = input->schema.cohort_attributes;
  const auto in_cohort = Predicate::cohort(spec.cohort).mask(sessions);
  auto window = sessions.column(kWindowColumn).int64s();
  auto session_row = sessions.column(kRowColumn).int64s();
  auto kpi = sessions.column(spec.kpi).reals();

  std::vector<std::int64_t> rows, windows, attempts, failures, source;
  std::vector<double> kpis, latency, failure_rate;
  std::vector<std::int32_t> urls;
  DictionaryPtr url_dictionary;
  if (context.rows().num_columns() > 0 && context.rows().has(kUrlColumn)) {
    const Column& url_column = context.rows().column(kUrlColumn);
    const Column& status_column = context.rows().column("status");
    url_dictionary = url_column.dictionary();
    const std::int32_t ok = status_column.dictionary()->find("ok");
    auto url = url_column.codes();
    auto status = status_column.codes();
    auto latency_ms = context.rows().column("latency_ms").reals();
    std::map<std::int32_t, UrlAccumulator> per_url;  // ordered by code: rows come out sorted
    for (std::size_t p = 0; p < context.num_parts(); ++p) {
      if (!in_cohort[p] || window[p] < 0 || context.part_size(p) == 0) continue;
      per_url.clear();
      for (auto r = static_cast<std::size_t>(context.offsets()[p]); r < static_cast<std::size_t>(context.offsets()[p + 1]);
           ++r) {
        if (url[r] < 0 || status[r] < 0) continue;  // not a network response
        auto& acc = per_url[url[r]];
        ++acc.attempts;
        if (status[r] != ok) ++acc.failures;
        if (!std::isnan(latency_ms[r])) {
          ++acc.timed;
          acc.latency_sum += latency_ms[r];
        }
      }
      for (const auto& [code, acc] : per_url) {
        rows.push_back(session_row[p]);
        windows.push_back(window[p]);
        kpis.push_back(kpi[p]);
        source.push_back(static_cast<std::int64_t>(p));
        urls.push_back(code);
        attempts.push_back(acc.attempts);
        failures.push_back(acc.failures);
        failure_rate.push_back(static_cast<double>(acc.failures) / static_cast<double>(acc.attempts));
        latency.push_back(acc.timed ? acc.latency_sum / static_cast<double>(acc.timed)
                                    : std::numeric_limits<double>::quiet_NaN());
      }
    }
  }
  if (!url_dictionary) url_dictionary = input->corpus->dictionary("url");
  Relation local;
  local.add(kRowColumn, Column::int64(std::move(rows)))
      .add(kWindowColumn, Column::int64(std::move(windows)))
      .add(kKpiColumn, Column::real(std::move(kpis)));
  for (const auto& attribute : attributes) local.add(attribute, sessions.column(attribute).gather(source));
  local.add(kUrlColumn, Column::categorical(std::move(urls), url_dictionary))
      .add(kAttempts, Column::int64(std::move(attempts)))
      .add(kFailures, Column::int64(std::move(failures)))
      .add(kFailureRate, Column::real(std::move(failure_rate)))
      .add(kLatency, Column::real(std::move(latency)));
  Relation all = allgather_relation(*input->group, local);

  // Keep URLs answered more than once in the whole incident (the paper's "used more than once").
  auto url_codes = all.column(kUrlColumn).codes();
  auto url_attempts = all.column(kAttempts).int64s();
  std::map<std::int32_t, std::int64_t> total;
  for (std::size_t i = 0; i < url_codes.size(); ++i) total[url_codes[i]] += url_attempts[i];
  std::vector<std::int64_t> keep;
  for (std::size_t i = 0; i < url_codes.size(); ++i)
    if (total[url_codes[i]] > 1) keep.push_back(static_cast<std::int64_t>(i));
  return keep.size() == url_codes.size() ? all : all.gather(keep);
}

}  // namespace moce::experts
