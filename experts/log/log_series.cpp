// Minute series of the KPI's bad outcomes and of the log's error templates.
#include "experts/log/log_series.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <limits>

#include "experts/workflows/cohort_statistics.hpp"
#include "experts/workflows/session_tables.hpp"
#include "operators/relational/group_by.hpp"

namespace moce::experts {

namespace {

std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace

Relation KpiMinutes::run(const Relation& alert_sessions, const Relation& quantiles) const {
  const auto& spec = input->spec;
  const double threshold = window_value(quantiles, kHistorical, spec.higher_is_better ? "q10" : "q90");
  std::vector<std::int64_t> minute;
  std::vector<double> bad;
  if (alert_sessions.num_rows() > 0) {
    auto start = alert_sessions.column("start").reals();
    auto kpi = alert_sessions.column(spec.kpi).reals();
    for (std::size_t i = 0; i < start.size(); ++i) {
      minute.push_back(static_cast<std::int64_t>(std::floor((start[i] - spec.historical.start) / bin)));
      bad.push_back(is_bad_outcome(spec, kpi[i], threshold) ? 1.0 : 0.0);
    }
  }
  Relation shard;
  shard.add("minute", Column::int64(std::move(minute))).add("bad", Column::real(std::move(bad)));
  // Integer-valued sums: exact, so every rank count gives the same table.
  return GroupBy({"minute"}, {Aggregate::count(), Aggregate::sum("bad")}).run(*input->group, shard);
}

namespace log_series {

std::int64_t minutes(const IncidentSpec& spec, double bin) {
  return static_cast<std::int64_t>(std::ceil((spec.anomaly.end - spec.historical.start) / bin));
}

std::int64_t first_anomaly_minute(const IncidentSpec& spec, double bin) {
  return static_cast<std::int64_t>(std::floor((spec.anomaly.start - spec.historical.start) / bin));
}

std::vector<double> bad_rate(const Relation& kpi_minutes, std::int64_t minutes) {
  std::vector<double> rate(static_cast<std::size_t>(minutes), std::numeric_limits<double>::quiet_NaN());
  if (kpi_minutes.num_rows() == 0) return rate;
  auto minute = kpi_minutes.column("minute").int64s();
  auto count = kpi_minutes.column("count").int64s();
  auto bad = kpi_minutes.column("sum_bad").reals();
  for (std::size_t i = 0; i < minute.size(); ++i)
    if (minute[i] >= 0 && minute[i] < minutes && count[i] > 0)
      rate[static_cast<std::size_t>(minute[i])] = bad[i] / static_cast<double>(count[i]);
  return rate;
}

std::vector<TemplateSeries> error_series(const Relation& logs, const IncidentSpec& spec,
                                         const std::vector<std::string>& levels, double bin) {
  std::vector<TemplateSeries> out;
  if (logs.num_rows() == 0 || !logs.has("level") || !logs.has("template")) return out;
  const Column& level_column = logs.column("level");
  const Column& template_column = logs.column("template");
  const auto& level_dict = *level_column.dictionary();
  std::vector<std::uint8_t> is_error(static_cast<std::size_t>(level_dict.size()), 0);
  for (std::int32_t c = 0; c < level_dict.size(); ++c)
    for (const auto& l : levels) is_error[static_cast<std::size_t>(c)] |= lower(level_dict.value(c)) == lower(l);
  const auto minutes = log_series::minutes(spec, bin);
  const auto& template_dict = *template_column.dictionary();
  std::vector<std::int32_t> slot(static_cast<std::size_t>(template_dict.size()), -1);
  auto ts = logs.column("ts").reals();
  auto level = level_column.codes();
  auto text = template_column.codes();
  // First pass: which templates have error lines (dictionary order keeps the output deterministic).
  for (std::size_t r = 0; r < ts.size(); ++r)
    if (level[r] >= 0 && text[r] >= 0 && is_error[static_cast<std::size_t>(level[r])]) slot[static_cast<std::size_t>(text[r])] = 0;
  for (std::size_t t = 0; t < slot.size(); ++t) {
    if (slot[t] < 0) continue;
    slot[t] = static_cast<std::int32_t>(out.size());
    out.push_back({template_dict.value(static_cast<std::int32_t>(t)), std::vector<double>(static_cast<std::size_t>(minutes), 0)});
  }
  for (std::size_t r = 0; r < ts.size(); ++r) {
    if (level[r] < 0 || text[r] < 0 || !is_error[static_cast<std::size_t>(level[r])]) continue;
    const auto m = static_cast<std::int64_t>(std::floor((ts[r] - spec.historical.start) / bin));
    if (m < 0 || m >= minutes) continue;
    out[static_cast<std::size_t>(slot[static_cast<std::size_t>(text[r])])].counts[static_cast<std::size_t>(m)] += 1;
  }
  return out;
}

double correlation(const std::vector<double>& x, const std::vector<double>& y, std::size_t* points) {
  double n = 0, mx = 0, my = 0;
  for (std::size_t i = 0; i < x.size() && i < y.size(); ++i)
    if (!std::isnan(y[i])) n += 1, mx += x[i], my += y[i];
  if (points) *points = static_cast<std::size_t>(n);
  if (n < 3) return std::numeric_limits<double>::quiet_NaN();
  mx /= n, my /= n;
  double sxy = 0, sxx = 0, syy = 0;
  for (std::size_t i = 0; i < x.size() && i < y.size(); ++i) {
    if (std::isnan(y[i])) continue;
    sxy += (x[i] - mx) * (y[i] - my), sxx += (x[i] - mx) * (x[i] - mx), syy += (y[i] - my) * (y[i] - my);
  }
  if (!(sxx > 0) || !(syy > 0)) return std::numeric_limits<double>::quiet_NaN();
  return sxy / std::sqrt(sxx * syy);
}

void demean_windows(std::vector<double>& x, std::vector<double>& y, std::size_t split) {
  for (const auto& [begin, end] : {std::pair<std::size_t, std::size_t>{0, split}, {split, y.size()}}) {
    double n = 0, mx = 0, my = 0;
    for (std::size_t i = begin; i < end; ++i)
      if (!std::isnan(y[i])) n += 1, mx += x[i], my += y[i];
    if (n == 0) continue;
    for (std::size_t i = begin; i < end; ++i) x[i] -= mx / n, y[i] -= my / n;
  }
}

}  // namespace log_series

}  // namespace moce::experts
