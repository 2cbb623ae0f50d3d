// GroupBy in one process: partials, exact per-group quantiles, and the output relation.
#include "operators/relational/group_by.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "operators/relational/numeric.hpp"
#include "operators/relational/quantile.hpp"

namespace moce {

GroupBy::GroupBy(std::vector<std::string> keys, std::vector<Aggregate> aggregates, std::int64_t dense_limit)
    : keys_(std::move(keys)),
      aggregates_(std::move(aggregates)),
      dense_limit_(std::clamp<std::int64_t>(dense_limit, 0, std::numeric_limits<std::int32_t>::max())) {
  for (auto& a : aggregates_) {
    if (a.kind == AggregateKind::kCount) continue;
    if (a.column.empty()) throw Error(cat("aggregate '", a.output_name(), "' names no value column"));
    if (a.kind == AggregateKind::kQuantile && !(a.q >= 0 && a.q <= 1))
      throw Error(cat("aggregate '", a.output_name(), "': quantile ", a.q, " outside [0, 1]"));
    if (std::find(values_.begin(), values_.end(), a.column) == values_.end()) values_.push_back(a.column);
  }
}

std::string GroupBy::name() const {
  std::string s = "group_by(";
  for (std::size_t i = 0; i < keys_.size(); ++i) s += cat(i ? "," : "", keys_[i]);
  s += ";";
  for (std::size_t i = 0; i < aggregates_.size(); ++i) {
    const auto& a = aggregates_[i];
    s += cat(i ? "," : "", a.output_name(), "=", static_cast<int>(a.kind), ":", a.column);
    if (a.kind == AggregateKind::kQuantile) s += cat("@", a.q);
  }
  return s + ")";
}

std::vector<std::string> GroupBy::value_columns() const { return values_; }

std::size_t GroupBy::value_index(const std::string& column) const {
  return static_cast<std::size_t>(std::find(values_.begin(), values_.end(), column) - values_.begin());
}

PartialOptions GroupBy::options() const {
  PartialOptions o;
  for (auto& a : aggregates_) {
    o.m2 = o.m2 || a.kind == AggregateKind::kVariance;
    o.min_max = o.min_max || a.kind == AggregateKind::kMin || a.kind == AggregateKind::kMax;
  }
  return o;
}

bool GroupBy::has_quantiles() const {
  return std::any_of(aggregates_.begin(), aggregates_.end(),
                     [](const Aggregate& a) { return a.kind == AggregateKind::kQuantile; });
}

GroupPartials GroupBy::partials(const Relation& rows, std::vector<std::int32_t>* group_of_row) const {
  return compute_partials(rows, keys_, values_, options(), dense_limit_, group_of_row);
}

Relation GroupBy::finalize(const Relation& like, const GroupPartials& groups,
                           const std::vector<std::vector<double>>& quantiles) const {
  const std::size_t num_groups = groups.num_groups(), nk = keys_.size(), nv = values_.size();
  Relation out;
  for (std::size_t k = 0; k < nk; ++k) {
    const Column& c = like.column(keys_[k]);
    if (c.type() == ColumnType::kCategorical) {
      std::vector<std::int32_t> codes(num_groups);
      for (std::size_t g = 0; g < num_groups; ++g) codes[g] = static_cast<std::int32_t>(groups.key(g)[k]);
      out.add(keys_[k], Column::categorical(std::move(codes), c.dictionary()));
    } else {
      std::vector<std::int64_t> ints(num_groups);
      for (std::size_t g = 0; g < num_groups; ++g) ints[g] = groups.key(g)[k];
      out.add(keys_[k], Column::int64(std::move(ints)));
    }
  }
  const double nan = std::numeric_limits<double>::quiet_NaN();
  std::size_t next_quantile = 0;
  for (auto& a : aggregates_) {
    if (a.kind == AggregateKind::kCount) {
      out.add(a.output_name(), Column::int64(groups.rows));
      continue;
    }
    if (a.kind == AggregateKind::kQuantile) {
      out.add(a.output_name(), Column::real(quantiles[next_quantile++]));
      continue;
    }
    const std::size_t v = value_index(a.column);
    std::vector<double> col(num_groups);
    for (std::size_t g = 0; g < num_groups; ++g) {
      const std::size_t i = g * nv + v;
      const auto n = static_cast<double>(groups.n[i]);
      switch (a.kind) {
        case AggregateKind::kSum:
          col[g] = groups.sum[i];
          break;
        case AggregateKind::kMean:
          col[g] = n > 0 ? groups.sum[i] / n : nan;
          break;
        case AggregateKind::kVariance:
          col[g] = n > 1 ? groups.m2[i] / (n - 1) : nan;
          break;
        case AggregateKind::kMin:
          col[g] = groups.min[i];
          break;
        case AggregateKind::kMax:
          col[g] = groups.max[i];
          break;
        default:
          break;
      }
    }
    out.add(a.output_name(), Column::real(std::move(col)));
  }
  return out;
}

Relation GroupBy::run(const Relation& rows) const {
  std::vector<std::int32_t> group_of_row;
  const bool quantiles_needed = has_quantiles();
  GroupPartials groups = partials(rows, quantiles_needed ? &group_of_row : nullptr);
  std::vector<std::vector<double>> quantiles;
  if (quantiles_needed) {
    const std::size_t num_groups = groups.num_groups(), nv = values_.size();
    // Per value column with quantiles: its numbers bucketed by group (a counting sort), each
    // bucket sorted once and shared by every quantile of that column.
    std::vector<std::vector<double>> sorted(nv);
    std::vector<std::vector<std::int64_t>> starts(nv);
    for (auto& a : aggregates_) {
      if (a.kind != AggregateKind::kQuantile) continue;
      const std::size_t v = value_index(a.column);
      if (!starts[v].empty()) continue;
      auto& start = starts[v];
      start.assign(num_groups + 1, 0);
      for (std::size_t g = 0; g < num_groups; ++g) start[g + 1] = start[g] + groups.n[g * nv + v];
      std::vector<std::int64_t> fill(start.begin(), start.end() - 1);
      auto& values = sorted[v];
      values.resize(static_cast<std::size_t>(start[num_groups]));
      const Column& c = rows.column(a.column);
      for (std::size_t r = 0; r < rows.num_rows(); ++r) {
        double x = numeric_at(c, r);
        if (std::isnan(x)) continue;
        values[static_cast<std::size_t>(fill[static_cast<std::size_t>(group_of_row[r])]++)] = x;
      }
      for (std::size_t g = 0; g < num_groups; ++g) std::sort(values.begin() + start[g], values.begin() + start[g + 1]);
    }
    for (auto& a : aggregates_) {
      if (a.kind != AggregateKind::kQuantile) continue;
      const std::size_t v = value_index(a.column);
      std::vector<double> col(num_groups);
      for (std::size_t g = 0; g < num_groups; ++g)
        col[g] = quantile_sorted(std::span<const double>(sorted[v].data() + starts[v][g],
                                                         static_cast<std::size_t>(starts[v][g + 1] - starts[v][g])),
                                 a.q);
      quantiles.push_back(std::move(col));
    }
  }
  return finalize(rows, groups, quantiles);
}

}  // namespace moce
