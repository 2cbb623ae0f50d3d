// Loading the incident's shards.
#include "experts/workflows/session_tables.hpp"

#include <cmath>

#include "operators/io/corpus_format.hpp"
#include "operators/relational/predicate.hpp"
#include "runtime/error.hpp"

namespace moce::experts {

namespace {

std::int64_t window_of(const IncidentSpec& spec, double t) {
  if (t >= spec.anomaly.start && t < spec.anomaly.end) return kAnomaly;
  if (t >= spec.historical.start && t < spec.historical.end) return kHistorical;
  return -1;
}

}  // namespace

Relation LoadSessions::run() const {
  const auto& group = *input->group;
  const Share share = block_share(input->schema.sessions, group.rank(), group.size());
  Relation sessions = input->corpus->read(corpus::sessions_group(input->spec.id), share);
  std::vector<std::int64_t> rows(static_cast<std::size_t>(share.count()));
  std::vector<std::int64_t> window(rows.size());
  auto start = sessions.column("start").reals();
  for (std::size_t i = 0; i < rows.size(); ++i) {
    rows[i] = share.begin + static_cast<std::int64_t>(i);
    window[i] = window_of(input->spec, start[i]);
  }
  sessions.add(kRowColumn, Column::int64(std::move(rows)));
  sessions.add(kWindowColumn, Column::int64(std::move(window)));
  return sessions;
}

Sequence LoadEvents::run() const {
  const auto& group = *input->group;
  const Share share = block_share(input->schema.sessions, group.rank(), group.size());
  if (!input->schema.has_events) return Sequence(Relation(), std::vector<std::int64_t>(share.count() + 1, 0));
  const auto group_name = corpus::events_group(input->spec.id);
  auto events = input->corpus->read_sequence(group_name, corpus::events_offsets(input->spec.id), share);
  // The layout promises each session's events in time order; the flow and pattern experts rely
  // on it, so a corpus that breaks it is refused here rather than giving wrong leads.
  const auto ts = events.rows().column("ts").reals();
  const auto offsets = events.offsets();
  for (std::size_t p = 0; p + 1 < offsets.size(); ++p)
    for (auto i = offsets[p]; i < offsets[p + 1]; ++i) {
      const auto row = static_cast<std::size_t>(i);
      if (!std::isfinite(ts[row]))
        throw CorpusError(cat("corpus '", input->corpus->path(), "', ", group_name, "/ts of session row ",
                              share.begin + static_cast<std::int64_t>(p), ": ", ts[row], " is not a finite time"));
      if (i > offsets[p] && ts[row] < ts[row - 1])
        throw CorpusError(cat("corpus '", input->corpus->path(), "', ", group_name, ": events not sorted by time "
                              "within session row ", share.begin + static_cast<std::int64_t>(p), " (ts ", ts[row - 1],
                              " then ", ts[row], ")"));
    }
  return events;
}

Relation AlertSessions::run(const Relation& sessions) const {
  const auto& spec = input->spec;
  auto mask = Predicate::cohort(spec.cohort).mask(sessions);
  auto window = sessions.column(kWindowColumn).int64s();
  auto kpi = sessions.column(spec.kpi).reals();
  std::vector<std::int64_t> keep;
  for (std::size_t i = 0; i < mask.size(); ++i)
    if (mask[i] && window[i] >= 0 && !std::isnan(kpi[i])) keep.push_back(static_cast<std::int64_t>(i));
  return sessions.gather(keep);
}

Relation LoadLogs::run() const {
  if (!input->schema.has_logs) return Relation();
  return input->corpus->read(corpus::logs_group(input->spec.id));
}

bool is_bad_outcome(const IncidentSpec& spec, double value, double threshold) {
  if (std::isnan(value)) return false;
  if (spec.kpi_kind == KpiKind::kBinary) return spec.higher_is_better ? value < 0.5 : value >= 0.5;
  return spec.higher_is_better ? value < threshold : value > threshold;
}

}  // namespace moce::experts
