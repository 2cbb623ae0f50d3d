// Local computation and pairwise merging of group-by partials.
#include "operators/relational/group_partials.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <limits>
#include <numeric>
#include <optional>

#include "operators/relational/group_exact_sums.hpp"
#include "operators/relational/key_table.hpp"

namespace moce {

void GroupPartials::reserve(std::size_t groups, bool exact) {
  if (exact) {
    exact_sum.reserve(groups * num_values);
    exact_squares.reserve(groups * num_values);
  }
  keys.reserve(groups * num_keys);
  rows.reserve(groups);
  for (auto* v : {&sum, &m2, &min, &max}) v->reserve(groups * num_values);
  n.reserve(groups * num_values);
}

void GroupPartials::append(const GroupPartials& from, std::size_t g, bool exact) {
  keys.insert(keys.end(), from.key(g), from.key(g) + num_keys);
  rows.push_back(from.rows[g]);
  for (std::size_t v = 0; v < num_values; ++v) {
    std::size_t i = g * num_values + v;
    n.push_back(from.n[i]);
    sum.push_back(from.sum[i]);
    m2.push_back(from.m2[i]);
    min.push_back(from.min[i]);
    max.push_back(from.max[i]);
    if (exact && !from.exact_sum.empty()) exact_sum.push_back(from.exact_sum, i);
    if (exact && !from.exact_squares.empty()) exact_squares.push_back(from.exact_squares, i);
  }
}

void GroupPartials::merge(std::size_t g, const GroupPartials& from, std::size_t h) {
  rows[g] += from.rows[h];
  for (std::size_t v = 0; v < num_values; ++v) {
    std::size_t a = g * num_values + v, b = h * num_values + v;
    std::int64_t na = n[a], nb = from.n[b];
    if (nb == 0) continue;
    if (na == 0) {
      n[a] = nb;
      sum[a] = from.sum[b];
      m2[a] = from.m2[b];
      min[a] = from.min[b];
      max[a] = from.max[b];
      continue;
    }
    double delta = from.sum[b] / static_cast<double>(nb) - sum[a] / static_cast<double>(na);
    auto total = static_cast<double>(na + nb);
    m2[a] += from.m2[b] + delta * delta * (static_cast<double>(na) * static_cast<double>(nb) / total);
    n[a] = na + nb;
    sum[a] += from.sum[b];
    min[a] = std::min(min[a], from.min[b]);
    max[a] = std::max(max[a], from.max[b]);
  }
}

GroupPartials fold_groups(const GroupPartials& in, const std::vector<std::int32_t>& heads,
                          const std::vector<std::int32_t>& next) {
  GroupPartials out;
  out.num_keys = in.num_keys;
  out.num_values = in.num_values;
  out.reserve(heads.size(), !in.exact_sum.empty());
  for (const std::int32_t head : heads) {
    const std::size_t into = out.num_groups();
    const auto first = static_cast<std::size_t>(head);
    const bool alone = next[first] < 0;  // one partial: its packed sums are copied as they are
    out.append(in, first, alone);
    if (alone) continue;
    for (auto h = next[first]; h >= 0; h = next[static_cast<std::size_t>(h)])
      out.merge(into, in, static_cast<std::size_t>(h));
    auto fold = [&](PackedExactSums& sums, const PackedExactSums& from, std::size_t v) {
      if (from.empty()) return;
      ExactSum total = from.at(first * in.num_values + v);
      for (auto h = next[first]; h >= 0; h = next[static_cast<std::size_t>(h)])
        total.add(from.at(static_cast<std::size_t>(h) * in.num_values + v));
      sums.push_back(total);
    };
    for (std::size_t v = 0; v < in.num_values; ++v) {
      fold(out.exact_sum, in.exact_sum, v);
      fold(out.exact_squares, in.exact_squares, v);
    }
  }
  return out;
}

bool key_less(const std::int64_t* a, const std::int64_t* b, std::size_t width) {
  return std::lexicographical_compare(a, a + width, b, b + width);
}

std::int64_t DenseLayout::slot(const std::int64_t* key) const {
  std::int64_t s = 0;
  for (std::size_t k = 0; k < stride.size(); ++k) s += (key[k] + 1) * stride[k];
  return s;
}

DenseLayout dense_layout(const Relation& rows, const std::vector<std::string>& keys, std::int64_t limit) {
  DenseLayout layout;
  layout.usable = true;
  for (auto& k : keys) {
    const Column& c = rows.column(k);
    if (c.type() != ColumnType::kCategorical) {
      layout.usable = false;
      return layout;
    }
    std::int64_t r = std::int64_t{c.dictionary()->size()} + 1;
    if (layout.size > limit / r) {
      layout.usable = false;
      return layout;
    }
    layout.radix.push_back(r);
    layout.size *= r;
  }
  layout.stride.assign(keys.size(), 1);
  for (std::size_t k = keys.size(); k-- > 1;) layout.stride[k - 1] = layout.stride[k] * layout.radix[k];
  return layout;
}

namespace {

constexpr std::size_t kChunk = 2048;

// Per-slot accumulators, one array per value column so the update loops stream.
struct Accumulators {
  std::vector<std::int64_t> rows;
  std::vector<std::vector<std::int64_t>> n;
  std::vector<std::vector<double>> sum, m2, min, max;

  Accumulators(std::size_t values, bool min_max) : n(values), sum(values), m2(values) {
    if (min_max) {
      min.resize(values);
      max.resize(values);
    }
  }
  void resize(std::size_t slots) {
    if (slots <= rows.size()) return;
    rows.resize(slots, 0);
    for (std::size_t v = 0; v < n.size(); ++v) {
      n[v].resize(slots, 0);
      sum[v].resize(slots, 0.0);
      if (!min.empty()) {
        min[v].resize(slots, std::numeric_limits<double>::infinity());
        max[v].resize(slots, -std::numeric_limits<double>::infinity());
      }
    }
  }
};

struct KeyView {
  const std::int32_t* codes = nullptr;
  const std::int64_t* ints = nullptr;
  std::int64_t at(std::size_t r) const { return codes ? std::int64_t{codes[r]} : ints[r]; }
};

}  // namespace

GroupPartials compute_partials(const Relation& rows, const std::vector<std::string>& keys,
                               const std::vector<std::string>& values, PartialOptions options, std::int64_t dense_limit,
                               std::vector<std::int32_t>* group_of_row) {
  const std::size_t num_rows = rows.num_rows(), width = keys.size(), nv = values.size();
  std::vector<KeyView> key_views;
  for (auto& k : keys) {
    const Column& c = rows.column(k);
    if (c.type() == ColumnType::kDouble)
      throw Error(cat("group-by key '", k, "' is a double column; keys must be int64 or categorical"));
    key_views.push_back(c.type() == ColumnType::kCategorical ? KeyView{c.codes().data(), nullptr}
                                                             : KeyView{nullptr, c.int64s().data()});
  }
  // Values as double spans; int64 value columns are converted once.
  std::vector<std::vector<double>> converted(nv);
  std::vector<const double*> value_data(nv);
  for (std::size_t v = 0; v < nv; ++v) {
    const Column& c = rows.column(values[v]);
    if (c.type() == ColumnType::kCategorical)
      throw Error(cat("aggregated column '", values[v], "' is categorical; it must be int64 or double"));
    if (c.type() == ColumnType::kDouble) {
      value_data[v] = c.reals().data();
    } else {
      converted[v].assign(c.int64s().begin(), c.int64s().end());
      value_data[v] = converted[v].data();
    }
  }

  const DenseLayout layout = dense_layout(rows, keys, dense_limit);
  // Sparse keys that fit one 64-bit word (a single int64 key, or categorical keys whose code
  // widths sum to at most 63 bits, e.g. leaf cohorts) use the inline FlatTable; wider tuples
  // the general KeyTable.
  std::vector<int> shift(width, 0);
  bool packed = !layout.usable && width == 1 && key_views[0].ints != nullptr;
  if (!layout.usable && !packed) {
    int used = 0;
    packed = width > 0;
    for (std::size_t k = 0; k < width && packed; ++k) {
      if (!key_views[k].codes) {
        packed = false;
        break;
      }
      const int bits =
          static_cast<int>(std::bit_width(static_cast<std::uint32_t>(rows.column(keys[k]).dictionary()->size())));
      shift[k] = used;
      used += std::max(bits, 1);
      packed = used <= 63;
    }
  }
  // Exact mode replaces the double sums (and the M2 pass) by exact ones, so it skips them.
  std::optional<GroupExactSums> exact;
  if (options.exact) exact.emplace(value_data, num_rows, options.m2);
  detail::KeyTable table(width);
  detail::FlatTable flat(1024);
  Accumulators acc(nv, options.min_max);
  if (layout.usable) acc.resize(static_cast<std::size_t>(layout.size));
  const bool keep_ids = (options.m2 && !options.exact) || group_of_row != nullptr;
  std::vector<std::int32_t> ids(keep_ids ? num_rows : 0);
  std::vector<std::int32_t> chunk_ids(kChunk);
  std::vector<std::int64_t> tuple(width);
  std::vector<std::uint64_t> words(kChunk);

  for (std::size_t begin = 0; begin < num_rows; begin += kChunk) {
    const std::size_t len = std::min(kChunk, num_rows - begin);
    std::int32_t* id = keep_ids ? ids.data() + begin : chunk_ids.data();
    if (layout.usable) {
      std::fill(id, id + len, 0);
      for (std::size_t k = 0; k < width; ++k) {
        const std::int32_t* c = key_views[k].codes + begin;
        const auto stride = static_cast<std::int32_t>(layout.stride[k]);
        for (std::size_t i = 0; i < len; ++i) id[i] += (c[i] + 1) * stride;
      }
    } else if (packed) {
      if (key_views[0].ints && width == 1) {
        for (std::size_t i = 0; i < len; ++i) words[i] = static_cast<std::uint64_t>(key_views[0].ints[begin + i]);
      } else {
        std::fill(words.begin(), words.begin() + static_cast<std::ptrdiff_t>(len), 0);
        for (std::size_t k = 0; k < width; ++k) {
          const std::int32_t* c = key_views[k].codes + begin;
          for (std::size_t i = 0; i < len; ++i) words[i] |= static_cast<std::uint64_t>(c[i] + 1) << shift[k];
        }
      }
      for (std::size_t i = 0; i < len; ++i) id[i] = flat.find_or_insert(words[i]);
      acc.resize(flat.size());
    } else {
      for (std::size_t i = 0; i < len; ++i) {
        for (std::size_t k = 0; k < width; ++k) tuple[k] = key_views[k].at(begin + i);
        id[i] = table.find_or_insert(tuple.data());
      }
      acc.resize(table.size());
    }
    for (std::size_t i = 0; i < len; ++i) ++acc.rows[static_cast<std::size_t>(id[i])];
    if (exact) exact->add_chunk(id, len, begin, acc.rows.size());
    for (std::size_t v = 0; v < nv; ++v) {
      const double* x = value_data[v] + begin;
      std::int64_t* cnt = acc.n[v].data();
      double* s = acc.sum[v].data();
      for (std::size_t i = 0; i < len && !exact; ++i) {
        const double value = x[i];
        const bool present = value == value;  // false only for NaN
        const auto g = static_cast<std::size_t>(id[i]);
        cnt[g] += present;
        s[g] += present ? value : 0.0;
      }
      if (options.min_max) {
        double* lo = acc.min[v].data();
        double* hi = acc.max[v].data();
        for (std::size_t i = 0; i < len; ++i) {
          const auto g = static_cast<std::size_t>(id[i]);
          // NaN compares false, so it never moves min or max.
          if (x[i] < lo[g]) lo[g] = x[i];
          if (x[i] > hi[g]) hi[g] = x[i];
        }
      }
    }
  }
  const std::size_t slots =
      layout.usable ? static_cast<std::size_t>(layout.size) : (packed ? flat.size() : table.size());
  acc.resize(slots);

  // Second pass: squared deviations from each group's own mean (two-pass, numerically sound).
  if (options.m2 && !exact) {
    for (std::size_t v = 0; v < nv; ++v) {
      acc.m2[v].assign(slots, 0.0);
      std::vector<double> mean(slots);
      for (std::size_t g = 0; g < slots; ++g)
        mean[g] = acc.n[v][g] ? acc.sum[v][g] / static_cast<double>(acc.n[v][g]) : 0.0;
      const double* x = value_data[v];
      double* m = acc.m2[v].data();
      for (std::size_t r = 0; r < num_rows; ++r) {
        const auto g = static_cast<std::size_t>(ids[r]);
        const double d = x[r] - mean[g];
        if (d == d) m[g] += d * d;
      }
    }
  } else {
    for (std::size_t v = 0; v < nv; ++v) acc.m2[v].assign(slots, 0.0);
  }

  // Non-empty slots in key order.
  std::vector<std::int32_t> order;
  std::vector<std::int64_t> slot_keys;  // sparse: decoded key tuples, slot-major
  for (std::size_t s = 0; s < slots; ++s)
    if (acc.rows[s] > 0) order.push_back(static_cast<std::int32_t>(s));
  auto key_of = [&](std::int32_t s, std::int64_t* out) {
    if (layout.usable) {
      for (std::size_t k = 0; k < width; ++k) out[k] = (s / layout.stride[k]) % layout.radix[k] - 1;
    } else if (packed && key_views[0].ints) {
      out[0] = static_cast<std::int64_t>(flat.key(s));
    } else if (packed) {
      for (std::size_t k = 0; k < width; ++k) {
        const int bits = (k + 1 < width ? shift[k + 1] : 64) - shift[k];
        const std::uint64_t field = bits >= 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << bits) - 1;
        out[k] = static_cast<std::int64_t>((flat.key(s) >> shift[k]) & field) - 1;
      }
    } else {
      std::copy(table.key(s), table.key(s) + width, out);
    }
  };
  if (!layout.usable) {
    slot_keys.resize(slots * width);
    for (std::size_t s = 0; s < slots; ++s) key_of(static_cast<std::int32_t>(s), slot_keys.data() + s * width);
    std::sort(order.begin(), order.end(), [&](std::int32_t a, std::int32_t b) {
      return key_less(slot_keys.data() + static_cast<std::size_t>(a) * width,
                      slot_keys.data() + static_cast<std::size_t>(b) * width, width);
    });
  }

  GroupPartials out;
  out.num_keys = width;
  out.num_values = nv;
  const std::size_t groups = order.size();
  out.keys.resize(groups * width);
  out.rows.resize(groups);
  out.n.resize(groups * nv);
  out.sum.resize(groups * nv);
  out.m2.resize(groups * nv);
  out.min.assign(groups * nv, std::numeric_limits<double>::quiet_NaN());
  out.max.assign(groups * nv, std::numeric_limits<double>::quiet_NaN());
  std::vector<std::int32_t> remap(slots, -1);
  for (std::size_t g = 0; g < groups; ++g) {
    const auto s = static_cast<std::size_t>(order[g]);
    remap[s] = static_cast<std::int32_t>(g);
    key_of(order[g], out.keys.data() + g * width);
    out.rows[g] = acc.rows[s];
    for (std::size_t v = 0; v < nv; ++v) {
      const std::size_t i = g * nv + v;
      out.n[i] = exact ? acc.rows[s] - exact->nans(s, v) : acc.n[v][s];
      out.sum[i] = acc.sum[v][s];
      out.m2[i] = acc.m2[v][s];
      if (options.min_max && out.n[i] > 0) {
        out.min[i] = acc.min[v][s];
        out.max[i] = acc.max[v][s];
      }
    }
  }
  if (exact) {
    // n counts the non-NaN values; sum and M2 come from the exact sums, as after merging.
    out.exact_sum.reserve(groups * nv);
    if (options.m2) out.exact_squares.reserve(groups * nv);
    for (std::size_t g = 0; g < groups; ++g)
      for (std::size_t v = 0; v < nv; ++v) {
        const auto slot = static_cast<std::size_t>(order[g]);
        const std::size_t i = g * nv + v;
        const ExactSum sum = exact->extract(0, slot, v);
        out.exact_sum.push_back(sum);
        out.sum[i] = sum.to_double();
        if (!options.m2) continue;
        const ExactSum squares = exact->extract(1, slot, v);
        out.exact_squares.push_back(squares);
        out.m2[i] = squared_deviations(sum, squares, out.n[i]);
      }
  }
  if (group_of_row) {
    group_of_row->resize(num_rows);
    for (std::size_t r = 0; r < num_rows; ++r) (*group_of_row)[r] = remap[static_cast<std::size_t>(ids[r])];
  }
  return out;
}

}  // namespace moce
