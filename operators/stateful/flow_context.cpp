// FlowContext: a scan of each cohort session's events for start/end markers.
#include "operators/stateful/flow_context.hpp"

#include "operators/relational/numeric.hpp"
#include "operators/relational/predicate.hpp"

namespace moce {

FlowContext::FlowContext(std::string start_event, std::string end_event, double t0, double t1, std::string cohort,
                         std::string event_column, std::string time_column)
    : FlowContext(std::move(start_event),
                  end_event.empty() ? std::vector<std::string>{} : std::vector<std::string>{std::move(end_event)}, t0,
                  t1, std::move(cohort), std::move(event_column), std::move(time_column)) {}

FlowContext::FlowContext(std::string start_event, std::vector<std::string> end_events, double t0, double t1,
                         std::string cohort, std::string event_column, std::string time_column)
    : start_(std::move(start_event)),
      ends_(std::move(end_events)),
      t0_(t0),
      t1_(t1),
      cohort_(std::move(cohort)),
      event_column_(std::move(event_column)),
      time_column_(std::move(time_column)) {
  Predicate::cohort(cohort_);  // reject a malformed cohort now, not at the first run
}

std::string FlowContext::name() const {
  std::string ends;
  for (std::size_t i = 0; i < ends_.size(); ++i) ends += cat(i ? "|" : "", ends_[i]);
  return cat("flow_context(", start_, "..", ends, ",[", t0_, ",", t1_, "),", cohort_, ")");
}

std::vector<FlowWindow> FlowContext::windows(const Sequence& events, const Relation& sessions) const {
  if (sessions.num_rows() != events.num_parts())
    throw Error(cat("flow context: ", sessions.num_rows(), " sessions but ", events.num_parts(), " event parts"));
  const auto in_cohort = Predicate::cohort(cohort_).mask(sessions);
  const Column& time = events.rows().column(time_column_);
  require_numeric(time, "flow context: time", time_column_);
  auto t = [&](std::int64_t r) { return numeric_at(time, static_cast<std::size_t>(r)); };
  auto inside = [&](std::int64_t r) { return t(r) >= t0_ && t(r) < t1_; };
  auto offsets = events.offsets();
  std::vector<FlowWindow> out;

  if (start_.empty()) {
    for (std::size_t p = 0; p < events.num_parts(); ++p) {
      if (!in_cohort[p]) continue;
      std::int64_t b = offsets[p], e = offsets[p + 1];
      while (b < e && !inside(b)) ++b;
      std::int64_t stop = b;
      while (stop < e && inside(stop)) ++stop;
      if (stop > b) out.push_back({static_cast<std::int64_t>(p), b, stop});
    }
    return out;
  }

  const Column& event = events.rows().column(event_column_);
  if (event.type() != ColumnType::kCategorical)
    throw Error(cat("flow context: event column '", event_column_, "' is not categorical"));
  const std::int32_t start = event.dictionary()->find(start_);
  if (start == kMissingCode)
    throw Error(cat("flow context: start event '", start_, "' is not in the dictionary of column '", event_column_,
                    "'"));
  std::vector<char> is_end(static_cast<std::size_t>(event.dictionary()->size()), 0);
  for (const auto& name : ends_) {
    const std::int32_t code = event.dictionary()->find(name);
    if (code != kMissingCode) is_end[static_cast<std::size_t>(code)] = 1;
  }
  auto codes = event.codes();
  for (std::size_t p = 0; p < events.num_parts(); ++p) {
    if (!in_cohort[p]) continue;
    std::int64_t open = -1;
    auto close = [&](std::int64_t stop) {
      if (inside(open)) out.push_back({static_cast<std::int64_t>(p), open, stop});
      open = -1;
    };
    for (std::int64_t r = offsets[p]; r < offsets[p + 1]; ++r) {
      const std::int32_t c = codes[static_cast<std::size_t>(r)];
      if (open < 0) {
        if (c == start) open = r;
      } else if (c >= 0 && is_end[static_cast<std::size_t>(c)]) {
        close(r + 1);
      }
    }
    if (open >= 0) close(offsets[p + 1]);
  }
  return out;
}

Sequence FlowContext::run(const Sequence& events, const Relation& sessions) const {
  auto found = windows(events, sessions);
  std::vector<std::int64_t> rows, offsets(events.num_parts() + 1, 0);
  std::size_t w = 0;
  for (std::size_t p = 0; p < events.num_parts(); ++p) {
    for (; w < found.size() && found[w].part == static_cast<std::int64_t>(p); ++w)
      for (auto r = found[w].begin; r < found[w].end; ++r) rows.push_back(r);
    offsets[p + 1] = static_cast<std::int64_t>(rows.size());
  }
  return Sequence(events.rows().gather(rows), std::move(offsets));
}

}  // namespace moce
