// Sequencify: detect sorted input, else a stable counting sort by key and a stable time sort.
#include "operators/stateful/sequencify.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <vector>

namespace moce {
namespace {

std::vector<double> times_of(const Column& c) {
  if (c.type() == ColumnType::kDouble) return {c.reals().begin(), c.reals().end()};
  if (c.type() == ColumnType::kInt64) {
    std::vector<double> t(c.size());
    std::transform(c.int64s().begin(), c.int64s().end(), t.begin(),
                   [](std::int64_t x) { return static_cast<double>(x); });
    return t;
  }
  throw Error("sequencify needs an int64 or double time column, not a categorical one");
}

// Strict weak order on times with NaN after every number.
bool earlier(double a, double b) { return a < b || (!std::isnan(a) && std::isnan(b)); }

}  // namespace

bool Sequencify::is_sorted(const Relation& rows) const {
  auto keys = rows.column(key_).int64s();
  const Column& time = rows.column(time_);
  if (time.type() == ColumnType::kCategorical)
    throw Error(cat("sequencify: time column '", time_, "' is categorical; it must be int64 or double"));
  for (std::size_t r = 1; r < keys.size(); ++r) {
    if (keys[r] < keys[r - 1]) return false;
    if (keys[r] == keys[r - 1]) {
      bool back = time.type() == ColumnType::kDouble ? earlier(time.reals()[r], time.reals()[r - 1])
                                                     : time.int64s()[r] < time.int64s()[r - 1];
      if (back) return false;
    }
  }
  return true;
}

Sequence Sequencify::run(const Relation& rows, std::int64_t num_parts, std::int64_t first_key) const {
  auto keys = rows.column(key_).int64s();
  std::vector<std::int64_t> offsets(static_cast<std::size_t>(num_parts) + 1, 0);
  for (std::size_t r = 0; r < keys.size(); ++r) {
    if (keys[r] < first_key || keys[r] >= first_key + num_parts)
      throw Error(cat("sequencify: row ", r, " has ", key_, " = ", keys[r], ", outside [", first_key, ", ",
                      first_key + num_parts, ")"));
    ++offsets[static_cast<std::size_t>(keys[r] - first_key) + 1];
  }
  for (std::size_t i = 1; i < offsets.size(); ++i) offsets[i] += offsets[i - 1];
  // Already sorted: the input's buffers with the offsets just counted (what
  // Sequence::from_sorted does, but also for a key range not starting at 0 and NaN times).
  if (is_sorted(rows)) return Sequence(rows, std::move(offsets));
  // Stable counting sort by key, then a stable sort by time inside each part.
  std::vector<std::int64_t> order(keys.size());
  std::vector<std::int64_t> fill(offsets.begin(), offsets.end() - 1);
  for (std::size_t r = 0; r < keys.size(); ++r)
    order[static_cast<std::size_t>(fill[static_cast<std::size_t>(keys[r] - first_key)]++)] =
        static_cast<std::int64_t>(r);
  const auto t = times_of(rows.column(time_));
  for (std::size_t p = 0; p + 1 < offsets.size(); ++p) {
    auto begin = order.begin() + offsets[p], end = order.begin() + offsets[p + 1];
    auto by_time = [&](std::int64_t a, std::int64_t b) {
      return earlier(t[static_cast<std::size_t>(a)], t[static_cast<std::size_t>(b)]);
    };
    if (!std::is_sorted(begin, end, by_time)) std::stable_sort(begin, end, by_time);
  }
  return Sequence(rows.gather(order), std::move(offsets));
}

}  // namespace moce
