// GroupBy across the ranks of a group: local partials, then a dense gather-and-merge or a
// hash-partitioned all-to-all, and exact quantiles computed on each group's owner rank.
#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "operators/relational/exact_sum.hpp"
#include "operators/relational/group_by.hpp"
#include "operators/relational/key_table.hpp"
#include "operators/relational/quantile.hpp"

namespace moce {
namespace {

GroupPartials empty_like(const GroupPartials& p) {
  GroupPartials out;
  out.num_keys = p.num_keys;
  out.num_values = p.num_values;
  return out;
}

// Every rank's packed exact sums, concatenated in rank order.
PackedExactSums allgather_sums(const Context& group, const PackedExactSums& sums) {
  const auto words = sums.words(0, sums.size());
  return PackedExactSums::from_words(group.allgatherv<std::int64_t>(std::vector<std::int64_t>(words.begin(), words.end())));
}

// Every rank's partials, concatenated in rank order, on every rank.
GroupPartials allgather_partials(const Context& group, const GroupPartials& p) {
  GroupPartials out = empty_like(p);
  out.keys = group.allgatherv<std::int64_t>(p.keys);
  out.rows = group.allgatherv<std::int64_t>(p.rows);
  out.n = group.allgatherv<std::int64_t>(p.n);
  out.sum = group.allgatherv<double>(p.sum);
  out.m2 = group.allgatherv<double>(p.m2);
  out.min = group.allgatherv<double>(p.min);
  out.max = group.allgatherv<double>(p.max);
  out.exact_sum = allgather_sums(group, p.exact_sum);
  out.exact_squares = allgather_sums(group, p.exact_squares);
  return out;
}

// Sends `p` (its groups ordered by destination, `groups_to[r]` of them to rank r) and returns
// what this rank receives, in source-rank order.
GroupPartials exchange_partials(const Context& group, const GroupPartials& p,
                                const std::vector<std::int64_t>& groups_to, bool squares) {
  auto scaled = [&](std::size_t width) {
    std::vector<std::int64_t> counts(groups_to.size());
    for (std::size_t r = 0; r < counts.size(); ++r) counts[r] = groups_to[r] * static_cast<std::int64_t>(width);
    return counts;
  };
  const auto by_key = scaled(p.num_keys), by_value = scaled(p.num_values);
  GroupPartials out = empty_like(p);
  out.keys = group.alltoallv<std::int64_t>(p.keys, by_key);
  out.rows = group.alltoallv<std::int64_t>(p.rows, groups_to);
  out.n = group.alltoallv<std::int64_t>(p.n, by_value);
  out.sum = group.alltoallv<double>(p.sum, by_value);
  out.m2 = group.alltoallv<double>(p.m2, by_value);
  out.min = group.alltoallv<double>(p.min, by_value);
  out.max = group.alltoallv<double>(p.max, by_value);
  // Exact sums travel packed; groups are in destination order, so each rank's run is contiguous.
  auto send_exact = [&](const PackedExactSums& sums) {
    std::vector<std::int64_t> counts(groups_to.size());
    std::size_t from = 0;
    for (std::size_t r = 0; r < groups_to.size(); ++r) {
      const std::size_t to = from + static_cast<std::size_t>(by_value[r]);
      counts[r] = static_cast<std::int64_t>(sums.words(from, to).size());
      from = to;
    }
    const auto words = sums.words(0, sums.size());
    return PackedExactSums::from_words(
        group.alltoallv<std::int64_t>(std::vector<std::int64_t>(words.begin(), words.end()), counts));
  };
  out.exact_sum = send_exact(p.exact_sum);
  if (squares) out.exact_squares = send_exact(p.exact_squares);
  return out;
}

// Folds groups with equal keys in input order (so, for gathered input, in rank order) and
// returns the result sorted by key.
GroupPartials merge_equal_keys(const GroupPartials& in) {
  detail::KeyTable table(in.num_keys, in.num_groups());
  std::vector<std::int32_t> first, last, next(in.num_groups(), -1);
  for (std::size_t g = 0; g < in.num_groups(); ++g) {
    const auto id = static_cast<std::size_t>(table.find_or_insert(in.key(g)));
    const auto at = static_cast<std::int32_t>(g);
    if (id == first.size()) {
      first.push_back(at);
      last.push_back(at);
    } else {
      next[static_cast<std::size_t>(last[id])] = at;
      last[id] = at;
    }
  }
  std::sort(first.begin(), first.end(), [&](std::int32_t a, std::int32_t b) {
    return key_less(in.key(static_cast<std::size_t>(a)), in.key(static_cast<std::size_t>(b)), in.num_keys);
  });
  return fold_groups(in, first, next);
}

// Dense keys: the slot array replaces the hash table; slot order is key order. Each slot's
// groups are chained in input order and folded in that order.
GroupPartials merge_dense(const GroupPartials& in, const DenseLayout& layout) {
  const auto slots = static_cast<std::size_t>(layout.size);
  std::vector<std::int32_t> first(slots, -1), last(slots, -1), next(in.num_groups(), -1);
  for (std::size_t g = 0; g < in.num_groups(); ++g) {
    const auto s = static_cast<std::size_t>(layout.slot(in.key(g)));
    const auto id = static_cast<std::int32_t>(g);
    if (first[s] < 0)
      first[s] = id;
    else
      next[static_cast<std::size_t>(last[s])] = id;
    last[s] = id;
  }
  first.erase(std::remove(first.begin(), first.end(), -1), first.end());
  return fold_groups(in, first, next);
}

struct Sample {
  std::int64_t group;
  double value;
};

// Exact quantiles `qs` of one value column per global group: group g's numbers go to rank
// g % size, which sorts them and evaluates every q; the results are gathered so every rank
// holds them all. Returns one column (num_groups long) per q.
std::vector<std::vector<double>> owner_quantiles(const Context& group, const Column& c,
                                                 const std::vector<std::int64_t>& group_of_row, std::size_t num_groups,
                                                 const std::vector<double>& qs) {
  const auto p = static_cast<std::size_t>(group.size());
  auto owner = [p](std::int64_t g) { return static_cast<std::size_t>(g) % p; };
  std::vector<Sample> samples;
  samples.reserve(group_of_row.size());
  for (std::size_t r = 0; r < group_of_row.size(); ++r) {
    double x = c.type() == ColumnType::kDouble ? c.reals()[r] : static_cast<double>(c.int64s()[r]);
    if (!std::isnan(x)) samples.push_back({group_of_row[r], x});
  }
  std::stable_sort(samples.begin(), samples.end(),
                   [&](const Sample& a, const Sample& b) { return owner(a.group) < owner(b.group); });
  std::vector<std::int64_t> counts(p, 0);
  for (auto& s : samples) ++counts[owner(s.group)];
  auto mine = group.alltoallv<Sample>(samples, counts);
  std::sort(mine.begin(), mine.end(), [](const Sample& a, const Sample& b) {
    return a.group != b.group ? a.group < b.group : a.value < b.value;
  });
  std::vector<std::int64_t> owned;
  std::vector<double> results;  // qs.size() per owned group
  std::vector<double> values;
  for (std::size_t i = 0; i < mine.size();) {
    values.clear();
    std::size_t j = i;
    while (j < mine.size() && mine[j].group == mine[i].group) values.push_back(mine[j++].value);
    owned.push_back(mine[i].group);
    for (double q : qs) results.push_back(quantile_sorted(values, q));
    i = j;
  }
  auto all_groups = group.allgatherv<std::int64_t>(owned);
  auto all_results = group.allgatherv<double>(results);
  std::vector<std::vector<double>> columns(qs.size(),
                                           std::vector<double>(num_groups, std::numeric_limits<double>::quiet_NaN()));
  for (std::size_t i = 0; i < all_groups.size(); ++i)
    for (std::size_t k = 0; k < qs.size(); ++k)
      columns[k][static_cast<std::size_t>(all_groups[i])] = all_results[i * qs.size() + k];
  return columns;
}

}  // namespace

Relation GroupBy::run(const Context& group, const Relation& shard) const {
  const bool quantiles_needed = has_quantiles();
  std::vector<std::int32_t> group_of_row;
  PartialOptions exact = options();
  exact.exact = true;
  GroupPartials local =
      compute_partials(shard, keys_, values_, exact, dense_limit_, quantiles_needed ? &group_of_row : nullptr);

  const DenseLayout layout = dense_layout(shard, keys_, dense_limit_);
  const std::int64_t mine = layout.usable ? layout.size : -1;
  if (group.allreduce(mine, ReduceOp::kMin) != group.allreduce(mine, ReduceOp::kMax))
    throw Error(cat("group-by over ", name(), ": the ranks' key dictionaries differ in size"));

  // The double sums and M2 merged below depend on how rows were split (and so on the rank
  // count); the exact sums merged alongside do not, and replace them at the end.
  GroupPartials global;
  const bool alone = group.size() == 1;
  if (alone) {
    // One rank holds every row: its partials are already one entry per key, sorted by key, so
    // there is nothing to merge (the exact sums below still fix the bits, as at any rank count).
    global = std::move(local);
  } else if (layout.usable) {
    // Dense partials are small (at most one entry per slot and rank): gather them all and fold
    // each slot in rank order, the same arithmetic on every rank.
    global = merge_dense(allgather_partials(group, local), layout);
  } else {
    const auto p = static_cast<std::size_t>(group.size());
    std::vector<std::int64_t> groups_to(p, 0);
    std::vector<std::size_t> dest(local.num_groups());
    for (std::size_t g = 0; g < local.num_groups(); ++g) {
      dest[g] = detail::hash_keys(local.key(g), local.num_keys) % p;
      ++groups_to[dest[g]];
    }
    GroupPartials outgoing = empty_like(local);
    outgoing.reserve(local.num_groups(), true);
    for (std::size_t r = 0; r < p; ++r)
      for (std::size_t g = 0; g < local.num_groups(); ++g)
        if (dest[g] == r) outgoing.append(local, g);
    GroupPartials owned = merge_equal_keys(exchange_partials(group, outgoing, groups_to, exact.m2));
    // Each owner's groups are disjoint from the others', so the gathered list only needs sorting.
    global = merge_equal_keys(allgather_partials(group, owned));
  }
  // Sum, mean (sum / n) and M2 (so variance) from the exact sums: the same bits at any rank count.
  // (Alone, compute_partials has already done so.)
  for (std::size_t i = 0; i < global.n.size() && !alone; ++i) {
    const ExactSum sum = global.exact_sum.at(i);
    global.sum[i] = sum.to_double();
    if (exact.m2) global.m2[i] = squared_deviations(sum, global.exact_squares.at(i), global.n[i]);
  }

  std::vector<std::vector<double>> quantiles;
  if (quantiles_needed) {
    // Each row's global group index (local and global groups are both sorted by key).
    std::vector<std::int64_t> to_global(alone ? global.num_groups() : local.num_groups());
    if (alone) {
      std::iota(to_global.begin(), to_global.end(), std::int64_t{0});
    } else {
      for (std::size_t g = 0, j = 0; g < local.num_groups(); ++g) {
        while (key_less(global.key(j), local.key(g), global.num_keys)) ++j;
        to_global[g] = static_cast<std::int64_t>(j);
      }
    }
    std::vector<std::int64_t> global_of_row(group_of_row.size());
    for (std::size_t r = 0; r < group_of_row.size(); ++r)
      global_of_row[r] = to_global[static_cast<std::size_t>(group_of_row[r])];
    // One exchange per value column, shared by all of that column's quantiles.
    std::vector<std::vector<double>> columns(aggregates_.size());
    for (std::size_t v = 0; v < values_.size(); ++v) {
      std::vector<std::size_t> wanted;
      std::vector<double> qs;
      for (std::size_t a = 0; a < aggregates_.size(); ++a)
        if (aggregates_[a].kind == AggregateKind::kQuantile && value_index(aggregates_[a].column) == v) {
          wanted.push_back(a);
          qs.push_back(aggregates_[a].q);
        }
      if (wanted.empty()) continue;
      auto results = owner_quantiles(group, shard.column(values_[v]), global_of_row, global.num_groups(), qs);
      for (std::size_t k = 0; k < wanted.size(); ++k) columns[wanted[k]] = std::move(results[k]);
    }
    for (std::size_t a = 0; a < aggregates_.size(); ++a)
      if (aggregates_[a].kind == AggregateKind::kQuantile) quantiles.push_back(std::move(columns[a]));
  }
  return finalize(shard, global, quantiles);
}

}  // namespace moce
