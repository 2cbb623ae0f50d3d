// Workflow 4: token sequences of the alert's sessions, faulty or normal.
#include "experts/workflows/event_patterns.hpp"

#include <cmath>

#include "experts/workflows/cohort_statistics.hpp"
#include "experts/workflows/session_tables.hpp"

namespace moce::experts {

namespace {

// Per event code: rows, rows with a URL, rows with a status, rows with status ok; summed over
// the group (integers, so the filter is the same at any rank count).
std::vector<std::uint8_t> plumbing_filter(const Context& group, const Sequence& context, std::int32_t alphabet) {
  const auto n = static_cast<std::size_t>(alphabet);
  std::vector<std::int64_t> counts(4 * n, 0);
  if (context.rows().num_columns() > 0) {
    auto event = context.rows().column("event").codes();
    auto url = context.rows().column("url").codes();
    const Column& status_column = context.rows().column("status");
    auto status = status_column.codes();
    const std::int32_t ok = status_column.dictionary()->find("ok");
    for (std::size_t r = 0; r < event.size(); ++r) {
      if (event[r] < 0 || event[r] >= alphabet) continue;
      auto* c = &counts[4 * static_cast<std::size_t>(event[r])];
      ++c[0];
      if (url[r] >= 0) ++c[1];
      if (status[r] >= 0) ++c[2];
      if (status[r] >= 0 && status[r] == ok) ++c[3];
    }
  }
  group.allreduce_inplace<std::int64_t>(counts, ReduceOp::kSum);
  std::vector<std::uint8_t> ignored(n, 0);
  for (std::size_t e = 0; e < n; ++e) {
    const auto* c = &counts[4 * e];
    const bool carries_url = c[0] > 0 && 10 * c[1] >= 9 * c[0];
    const bool plumbing = c[2] == 0 || 2 * c[3] >= c[2];
    ignored[e] = carries_url && plumbing;
  }
  return ignored;
}

}  // namespace

EventSequences EventPatterns::run(const Sequence& context, const Relation& sessions, const Relation& quantiles) const {
  const auto& spec = input->spec;
  const auto& group = *input->group;
  EventSequences out;
  out.events = input->corpus->dictionary("event");
  out.threshold = window_value(quantiles, kHistorical, spec.higher_is_better ? "q10" : "q90");
  out.ignored = plumbing_filter(group, context, out.events->size());

  // This rank's sequences.
  EventSequences local;
  auto window = sessions.column(kWindowColumn).int64s();
  auto row = sessions.column(kRowColumn).int64s();
  auto kpi = sessions.column(spec.kpi).reals();
  std::vector<std::int64_t> lengths;
  if (context.rows().num_columns() > 0) {
    auto event = context.rows().column("event").codes();
    for (std::size_t p = 0; p < context.num_parts(); ++p) {
      if (window[p] < 0 || std::isnan(kpi[p]) || context.part_size(p) == 0) continue;
      const std::size_t before = local.codes.size();
      for (auto r = context.offsets()[p]; r < context.offsets()[p + 1]; ++r) {
        const std::int32_t code = event[static_cast<std::size_t>(r)];
        if (code >= 0 && !out.ignored[static_cast<std::size_t>(code)]) local.codes.push_back(code);
      }
      lengths.push_back(static_cast<std::int64_t>(local.codes.size() - before));
      local.rows.push_back(row[p]);
      local.window.push_back(static_cast<std::int8_t>(window[p]));
      local.bad.push_back(is_bad_outcome(spec, kpi[p], out.threshold) ? 1 : 0);
    }
  }
  // Gather in rank order = session order.
  out.codes = group.allgatherv<std::int32_t>(local.codes);
  out.rows = group.allgatherv<std::int64_t>(local.rows);
  out.window = group.allgatherv<std::int8_t>(local.window);
  out.bad = group.allgatherv<std::uint8_t>(local.bad);
  const auto all_lengths = group.allgatherv<std::int64_t>(lengths);
  out.offsets.assign(1, 0);
  for (auto length : all_lengths) out.offsets.push_back(out.offsets.back() + length);
  return out;
}

}  // namespace moce::experts
