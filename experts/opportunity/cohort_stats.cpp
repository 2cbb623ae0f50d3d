// Cohort statistics on the integer grid; see cohort_stats.hpp.
#include "experts/opportunity/cohort_stats.hpp"

#include <algorithm>
#include <cmath>
#include <map>

#include "operators/io/corpus_format.hpp"
#include "runtime/error.hpp"

namespace moce::experts::opportunity {

namespace {

// Adds session i to `m`; users are counted once per run of equal user ids (a user's sessions are
// consecutive rows of the shard), tracked in `last_user`.
inline void add(Moments& m, std::int64_t& last_user, const KpiValues& kpi, std::size_t i) {
  const auto q = kpi.q[i];
  if (q == KpiValues::kMissing) return;
  ++m.n;
  m.sum += q;
  m.sum_sq += q * q;
  m.bad += kpi.bad[i];
  if (kpi.users[i] != last_user) ++m.users, last_user = kpi.users[i];
}

void allreduce(const Context& group, std::vector<Moments>& moments) {
  static_assert(sizeof(Moments) == Moments::kWords * sizeof(std::int64_t));
  std::span<std::int64_t> words(reinterpret_cast<std::int64_t*>(moments.data()), moments.size() * Moments::kWords);
  group.allreduce_inplace(words, ReduceOp::kSum);
}

}  // namespace

double KpiValues::variance(const Moments& m) const {
  if (m.n < 2) return 0;
  const double n = static_cast<double>(m.n), s = static_cast<double>(m.sum);
  const double m2 = static_cast<double>(m.sum_sq) - s * s / n;
  return std::max(0.0, m2 / (n - 1)) / (scale * scale);
}

KpiValues LoadKpi::run(const Shard& shard) const {
  const auto& group = *input->group;
  const auto& s = shard.sessions;
  if (!s.has(kpi))
    throw InputError(cat("corpus '", input->corpus->path(), "', ", corpus::sessions_group(input->spec.id), ": no KPI column '", kpi, "'"));
  if (s.column(kpi).type() != ColumnType::kDouble)
    throw InputError(cat("corpus '", input->corpus->path(), "', ", corpus::sessions_group(input->spec.id), ": column '",
                         kpi, "' is not a numeric KPI (a KPI column holds float64 values)"));
  const auto v = s.column(kpi).reals();
  KpiValues out;
  out.kpi = kpi;
  double max_abs = 0;
  std::int64_t non_binary = 0;
  std::vector<double> present;
  for (double x : v)
    if (!std::isnan(x)) {
      max_abs = std::max(max_abs, std::abs(x));
      non_binary += x != 0 && x != 1;
      present.push_back(x);
    }
  max_abs = group.allreduce(max_abs, ReduceOp::kMax);
  out.binary = group.allreduce(non_binary, ReduceOp::kSum) == 0;
  out.higher_is_better = higher_is_better < 0 ? out.binary : higher_is_better > 0;
  // The grid: the largest power of ten that keeps |q| <= 1e6 (so sums of squares fit in int64 up to
  // ~9 million sessions); binary KPIs stay 0/1.
  out.scale = out.binary || max_abs == 0 ? 1 : std::pow(10.0, std::floor(std::log10(1e6 / max_abs)));
  if (!out.binary) {
    auto all = group.allgatherv(std::span<const double>(present));
    std::sort(all.begin(), all.end());
    if (!all.empty()) {
      const double p = out.higher_is_better ? 0.1 : 0.9;
      out.threshold = all[std::min(all.size() - 1, static_cast<std::size_t>(p * static_cast<double>(all.size())))];
    }
  }
  out.q.resize(v.size());
  out.bad.resize(v.size());
  out.users.resize(v.size());
  const bool has_users = s.has("user_id");
  for (std::size_t i = 0; i < v.size(); ++i) {
    out.users[i] = has_users ? s.column("user_id").int64s()[i] : shard.rows.begin + static_cast<std::int64_t>(i);
    if (std::isnan(v[i])) {
      out.q[i] = KpiValues::kMissing;
      continue;
    }
    out.q[i] = std::llround(v[i] * out.scale);
    out.bad[i] = out.binary ? (out.higher_is_better ? v[i] < 0.5 : v[i] >= 0.5)
                            : (out.higher_is_better ? v[i] < out.threshold : v[i] > out.threshold);
  }
  std::vector<Moments> total(1);
  std::int64_t last = INT64_MIN;
  for (std::size_t i = 0; i < v.size(); ++i) add(total[0], last, out, i);
  allreduce(group, total);
  out.total = total[0];
  return out;
}

CohortTable CrossStats::run(const std::vector<std::reference_wrapper<const std::vector<std::uint8_t>>>& masks,
                            const Shard& shard, const KpiValues& kpi) const {
  CohortTable out;
  std::span<const std::int32_t> codes;
  std::int32_t values = 1;
  DictionaryPtr dict;
  if (!cross.empty()) {
    if (!shard.sessions.has(cross))
      throw InputError(cat("cohort attribute '", cross, "' is not a column of the sessions"));
    codes = shard.sessions.column(cross).codes();
    dict = shard.sessions.column(cross).dictionary();
    values = dict->size();
  }
  const auto atoms = masks.size();
  const auto width = static_cast<std::size_t>(values);
  std::vector<Moments> m(atoms * width);
  std::vector<std::int64_t> last(m.size(), INT64_MIN);
  const auto rows = kpi.q.size();
  for (std::size_t a = 0; a < atoms; ++a) {
    const auto& mask = masks[a].get();
    for (std::size_t i = 0; i < rows; ++i) {
      if (!mask[i]) continue;
      const std::size_t c = a * width + (cross.empty() ? 0 : static_cast<std::size_t>(std::max(codes[i], 0)));
      add(m[c], last[c], kpi, i);
    }
  }
  for (std::size_t a = 0; a < atoms; ++a)
    for (std::size_t v = 0; v < width; ++v) {
      const auto& name = atom_names[a];
      std::string cohort = name;
      if (!cross.empty()) cohort = (name.empty() ? "" : name + " & ") + cross + "=" + dict->value(static_cast<std::int32_t>(v));
      out.cohorts.push_back(std::move(cohort));
      out.atom.push_back(static_cast<std::int64_t>(a));
      out.moments.push_back(m[a * width + v]);
    }
  return out;
}

CohortTable GramStats::run(const TokenSequences& tokens, const KpiValues& kpi) const {
  const auto base = static_cast<std::int64_t>(std::max<std::size_t>(1, tokens.names.size()));
  std::int64_t wanted = -1;  // the `only` sequence's code
  if (!only.empty()) {
    wanted = 0;
    for (auto it = only.rbegin(); it != only.rend(); ++it) {
      const auto pos = std::find(tokens.names.begin(), tokens.names.end(), *it) - tokens.names.begin();
      wanted = pos == static_cast<std::ptrdiff_t>(tokens.names.size()) ? -2 : wanted * base + pos;
      if (wanted == -2) break;
    }
  }
  // N-gram counting: each session's distinct grams, then the moments of their holders.
  std::map<std::int64_t, std::pair<Moments, std::int64_t>> local;  // gram -> moments, last user
  std::vector<std::int64_t> grams;
  const auto sessions = tokens.offsets.size() - 1;
  for (std::size_t i = 0; i < sessions; ++i) {
    grams.clear();
    const auto lo = tokens.offsets[i], hi = tokens.offsets[i + 1];
    for (auto p = lo; p + k <= hi; ++p) {
      std::int64_t code = 0;
      for (int j = k - 1; j >= 0; --j) code = code * base + tokens.tokens[static_cast<std::size_t>(p + j)];
      if (wanted == -1 || code == wanted) grams.push_back(code);
    }
    std::sort(grams.begin(), grams.end());
    grams.erase(std::unique(grams.begin(), grams.end()), grams.end());
    for (auto g : grams) {
      auto [it, fresh] = local.try_emplace(g, Moments{}, INT64_MIN);
      add(it->second.first, it->second.second, kpi, i);
    }
  }
  CohortTable out;
  out.grams = true;
  out.k = k;
  out.min_sessions = min_sessions;
  out.tokens = tokens.names;
  for (auto& [g, m] : local) {
    out.codes.push_back(g);
    out.moments.push_back(m.first);
  }
  return out;
}

std::vector<CohortTable> ReduceTables::run(const std::vector<std::reference_wrapper<const CohortTable>>& parts) const {
  const auto& group = *input->group;
  // The union of every rank's grams, per gram table: (table, code) pairs gathered once.
  std::vector<std::int64_t> pairs;
  for (std::size_t t = 0; t < parts.size(); ++t)
    for (auto code : parts[t].get().codes) pairs.push_back(static_cast<std::int64_t>(t)), pairs.push_back(code);
  const auto all = group.allgatherv(std::span<const std::int64_t>(pairs));
  std::vector<std::vector<std::int64_t>> keys(parts.size());
  for (std::size_t i = 0; i + 1 < all.size(); i += 2) keys[static_cast<std::size_t>(all[i])].push_back(all[i + 1]);
  std::vector<CohortTable> out(parts.size());
  std::vector<Moments> flat;
  for (std::size_t t = 0; t < parts.size(); ++t) {
    const auto& part = parts[t].get();
    auto& o = out[t];
    if (!part.grams) {
      o.cohorts = part.cohorts;
      o.atom = part.atom;
      flat.insert(flat.end(), part.moments.begin(), part.moments.end());
      continue;
    }
    auto& k = keys[t];
    std::sort(k.begin(), k.end());
    k.erase(std::unique(k.begin(), k.end()), k.end());
    std::vector<Moments> m(k.size());
    for (std::size_t j = 0; j < part.codes.size(); ++j)
      m[static_cast<std::size_t>(std::lower_bound(k.begin(), k.end(), part.codes[j]) - k.begin())] = part.moments[j];
    flat.insert(flat.end(), m.begin(), m.end());
  }
  allreduce(group, flat);
  std::size_t at = 0;
  for (std::size_t t = 0; t < parts.size(); ++t) {
    const auto& part = parts[t].get();
    auto& o = out[t];
    if (!part.grams) {
      o.moments.assign(flat.begin() + static_cast<std::ptrdiff_t>(at),
                       flat.begin() + static_cast<std::ptrdiff_t>(at + part.moments.size()));
      at += part.moments.size();
      continue;
    }
    const auto base = static_cast<std::int64_t>(std::max<std::size_t>(1, part.tokens.size()));
    for (auto code : keys[t]) {
      const auto& m = flat[at++];
      if (m.n < part.min_sessions) continue;
      std::string name = "pattern:";
      for (int j = 0; j < part.k; ++j, code /= base)
        name += (j ? ">" : "") + part.tokens[static_cast<std::size_t>(code % base)];
      o.cohorts.push_back(std::move(name));
      o.atom.push_back(0);
      o.moments.push_back(m);
    }
  }
  return out;
}

}  // namespace moce::experts::opportunity
