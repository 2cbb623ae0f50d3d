// The shard and the derived columns; see derived_columns.hpp.
#include "experts/opportunity/derived_columns.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "operators/io/corpus_format.hpp"
#include "runtime/error.hpp"

namespace moce::experts::opportunity {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

double hour_of(double t) {
  double h = std::fmod(t, 86400.0) / 3600.0;
  return std::floor(h < 0 ? h + 24 : h);
}

std::int32_t code_or(const DictionaryPtr& dict, std::string_view value) {
  return dict ? dict->find(value) : -1;
}

}  // namespace

Share user_aligned_share(const std::vector<std::int64_t>& users, int rank, int size) {
  const auto n = static_cast<std::int64_t>(users.size());
  auto align = [&](std::int64_t b) {
    while (b > 0 && b < n && users[static_cast<std::size_t>(b)] == users[static_cast<std::size_t>(b - 1)]) ++b;
    return b;
  };
  const Share block = block_share(n, rank, size);
  return {align(block.begin), align(block.end)};
}

Shard LoadShard::run() const {
  const auto& group = *input->group;
  const auto sessions_group = corpus::sessions_group(input->spec.id);
  const auto n = input->schema.sessions;
  Share share = block_share(n, group.rank(), group.size());
  if (input->corpus->exists(sessions_group + "/user_id"))
    share = user_aligned_share(input->corpus->read_int64s(sessions_group + "/user_id", {0, n}), group.rank(),
                               group.size());
  Shard out;
  out.rows = share;
  out.sessions = input->corpus->read(sessions_group, share);
  out.events = input->schema.has_events
                   ? input->corpus->read_sequence(corpus::events_group(input->spec.id),
                                                  corpus::events_offsets(input->spec.id), share)
                   : Sequence(Relation(), std::vector<std::int64_t>(static_cast<std::size_t>(share.count()) + 1, 0));
  return out;
}

std::vector<double> DerivedColumn::run(const Shard& shard, const Relation& logs) const {
  const auto& s = shard.sessions;
  const auto rows = s.num_rows();
  std::vector<double> out(rows, kNaN);
  const auto start = s.column("start").reals();
  if (column == "all") {
    std::fill(out.begin(), out.end(), 1.0);
  } else if (column == "session_index") {
    if (!s.has("session_index")) return out;
    auto index = s.column("session_index").int64s();
    for (std::size_t i = 0; i < rows; ++i) out[i] = static_cast<double>(index[i]);
  } else if (column == "inactive_hours") {
    if (!s.has("user_id")) return out;
    auto user = s.column("user_id").int64s();
    for (std::size_t i = 1; i < rows; ++i)
      if (user[i] == user[i - 1]) out[i] = (start[i] - start[i - 1]) / 3600.0;
  } else if (column == "hour" || column == "night") {
    for (std::size_t i = 0; i < rows; ++i) {
      const double h = hour_of(start[i]);
      out[i] = column == "hour" ? h : (h < 9 || h > 21 ? 1 : 0);
    }
  } else if (column == "weekend") {
    for (std::size_t i = 0; i < rows; ++i) {
      const auto day = static_cast<std::int64_t>(std::floor(start[i] / 86400.0));
      const auto weekday = ((day + 4) % 7 + 7) % 7;  // 1970-01-01 was a Thursday; 0 = Sunday
      out[i] = weekday == 0 || weekday == 6 ? 1 : 0;
    }
  } else if (column == "duration_sec") {
    if (!s.has("end")) return out;
    auto end = s.column("end").reals();
    for (std::size_t i = 0; i < rows; ++i) out[i] = end[i] - start[i];
  } else if (column == "retries" || column == "waiting_sec") {
    const auto& ev = shard.events.rows();
    const auto offsets = shard.events.offsets();
    const bool retries = column == "retries";
    if (retries && !ev.has("status")) return out;
    if (!retries && !ev.has("latency_ms")) return out;
    std::int32_t ok = -1;
    std::span<const std::int32_t> status;
    std::span<const double> latency;
    if (retries) status = ev.column("status").codes(), ok = code_or(ev.column("status").dictionary(), "ok");
    else latency = ev.column("latency_ms").reals();
    for (std::size_t i = 0; i < rows; ++i) {
      double v = 0;
      for (auto e = offsets[i]; e < offsets[i + 1]; ++e) {
        const auto k = static_cast<std::size_t>(e);
        if (retries) v += status[k] >= 0 && status[k] != ok ? 1 : 0;
        else if (!std::isnan(latency[k])) v += latency[k] / 1000.0;
      }
      out[i] = v;
    }
  } else if (column == "log_errors") {
    if (!logs.has("ts") || !logs.has("level")) return out;
    const auto ts = logs.column("ts").reals();
    const auto level = logs.column("level").codes();
    const auto error = code_or(logs.column("level").dictionary(), "error");
    std::vector<double> minutes;  // the minute of every error line, sorted
    for (std::size_t r = 0; r < ts.size(); ++r)
      if (level[r] == error) minutes.push_back(std::floor(ts[r] / 60.0));
    std::sort(minutes.begin(), minutes.end());
    for (std::size_t i = 0; i < rows; ++i) {
      const double m = std::floor(start[i] / 60.0);
      out[i] = static_cast<double>(std::upper_bound(minutes.begin(), minutes.end(), m) -
                                   std::lower_bound(minutes.begin(), minutes.end(), m));
    }
  } else if (column == "load_quantile") {
    // Hourly session starts over the whole range: an exact integer histogram summed over ranks.
    const double t0 = std::floor(input->spec.historical.start / 3600.0);
    const double t1 = std::floor(std::max(input->spec.anomaly.end, input->spec.historical.end) / 3600.0);
    const auto hours = static_cast<std::size_t>(std::max(1.0, t1 - t0 + 1));
    std::vector<std::int64_t> counts(hours, 0);
    auto slot = [&](double t) {
      const double h = std::floor(t / 3600.0) - t0;
      return h < 0 || h >= static_cast<double>(hours) ? hours : static_cast<std::size_t>(h);
    };
    for (std::size_t i = 0; i < rows; ++i)
      if (slot(start[i]) < hours) ++counts[slot(start[i])];
    input->group->allreduce_inplace(std::span<std::int64_t>(counts), ReduceOp::kSum);
    std::vector<std::int64_t> sorted = counts;
    std::sort(sorted.begin(), sorted.end());
    for (std::size_t i = 0; i < rows; ++i) {
      const auto h = slot(start[i]);
      if (h >= hours) continue;
      const auto below = std::lower_bound(sorted.begin(), sorted.end(), counts[h]) - sorted.begin();
      out[i] = static_cast<double>(below) / static_cast<double>(hours);
    }
  } else {
    throw InputError(cat("unknown derived column '", column, "'"));
  }
  return out;
}

std::vector<std::uint8_t> AtomMask::run(const std::vector<double>& column) const {
  std::vector<std::uint8_t> out(column.size());
  for (std::size_t i = 0; i < column.size(); ++i) out[i] = !std::isnan(column[i]) && atom.holds(column[i]);
  return out;
}

TokenSequences Tokenize::run(const Shard& shard) const {
  TokenSequences out;
  const auto& ev = shard.events.rows();
  const auto offsets = shard.events.offsets();
  if (!ev.has("event")) {
    out.offsets.assign(offsets.size(), 0);
    return out;
  }
  const auto& events = ev.column("event");
  const auto dict = events.dictionary();
  const auto codes = events.codes();
  const bool with_url = map == "event_url" && ev.has("url");
  // Tokens: event names, or for M = event_url "event@url" of error events (status not ok).
  std::vector<std::uint8_t> dropped(static_cast<std::size_t>(dict->size()), 0);
  for (auto& name : ignore) {
    if (!name.empty() && name[0] == '*') {  // a suffix
      const auto suffix = name.substr(1);
      for (std::int32_t c = 0; c < dict->size(); ++c) {
        const auto& v = dict->value(c);
        if (v.size() >= suffix.size() && v.compare(v.size() - suffix.size(), suffix.size(), suffix) == 0)
          dropped[static_cast<std::size_t>(c)] = 1;
      }
      continue;
    }
    const auto c = dict->find(name);
    if (c >= 0) dropped[static_cast<std::size_t>(c)] = 1;
  }
  out.names = dict->values();
  std::span<const std::int32_t> urls, status;
  DictionaryPtr url_dict;
  std::int32_t ok = -1;
  if (with_url) {
    urls = ev.column("url").codes();
    url_dict = ev.column("url").dictionary();
    if (ev.has("status")) status = ev.column("status").codes(), ok = code_or(ev.column("status").dictionary(), "ok");
  }
  const auto base = static_cast<std::int32_t>(out.names.size());
  const auto nurl = url_dict ? url_dict->size() : 0;
  if (with_url)  // event x url tokens after the plain ones: a fixed dictionary, the same on every rank
    for (std::int32_t e = 0; e < base; ++e)
      for (std::int32_t u = 0; u < nurl; ++u) out.names.push_back(dict->value(e) + "@" + url_dict->value(u));
  for (std::size_t i = 0; i + 1 < offsets.size(); ++i) {
    for (auto e = offsets[i]; e < offsets[i + 1]; ++e) {
      const auto k = static_cast<std::size_t>(e);
      if (codes[k] < 0 || dropped[static_cast<std::size_t>(codes[k])]) continue;
      std::int32_t token = codes[k];
      if (with_url && urls[k] >= 0 && !status.empty() && status[k] >= 0 && status[k] != ok)
        token = base + codes[k] * nurl + urls[k];
      out.tokens.push_back(token);
    }
    out.offsets.push_back(static_cast<std::int64_t>(out.tokens.size()));
  }
  return out;
}

}  // namespace moce::experts::opportunity
