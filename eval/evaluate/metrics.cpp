#include "eval/evaluate/metrics.hpp"

#include <algorithm>
#include <limits>
#include <random>

namespace moce::eval {

SetCounts set_counts(const std::vector<std::string>& answer, const std::vector<std::string>& truth) {
  SetCounts c;
  std::vector<char> names_cause(answer.size(), 0);
  for (const auto& cause : truth) {
    bool hit = false;
    for (const auto& id : split_alternatives(cause))
      for (std::size_t i = 0; i < answer.size(); ++i)
        if (answer[i] == id) {
          hit = true;
          names_cause[i] = 1;
        }
    (hit ? c.tp : c.fn) += 1;
  }
  for (char named : names_cause) c.fp += named ? 0 : 1;
  return c;
}

double f1(const SetCounts& c) {
  const double denominator = 2.0 * static_cast<double>(c.tp) + static_cast<double>(c.fp + c.fn);
  return denominator > 0 ? 2.0 * static_cast<double>(c.tp) / denominator : std::numeric_limits<double>::quiet_NaN();
}

Score score(const std::vector<std::string>& leads, const std::vector<std::string>& truth, std::size_t k,
            std::size_t answered) {
  Score s;
  s.set = answered >= leads.size()
              ? set_counts(leads, truth)
              : set_counts({leads.begin(), leads.begin() + static_cast<std::ptrdiff_t>(answered)}, truth);
  if (truth.empty()) {
    s.null = true;
    s.false_alarm = !leads.empty();
    return s;
  }
  // The rank (1-based) at which each cause is first found; 0 = not in the list.
  std::vector<std::size_t> found(truth.size(), 0);
  for (std::size_t c = 0; c < truth.size(); ++c) {
    const auto alternatives = split_alternatives(truth[c]);
    for (std::size_t r = 0; r < leads.size() && !found[c]; ++r)
      if (std::find(alternatives.begin(), alternatives.end(), leads[r]) != alternatives.end()) found[c] = r + 1;
  }
  s.recall.assign(kMaxK, 0);
  for (std::size_t kk = 1; kk <= kMaxK; ++kk) {
    std::size_t n = 0;
    for (auto r : found) n += (r && r <= kk) ? 1 : 0;
    s.recall[kk - 1] = static_cast<double>(n) / static_cast<double>(truth.size());
  }
  std::size_t first = 0;
  for (auto r : found)
    if (r && (!first || r < first)) first = r;
  s.precision = (first && first <= k) ? 1.0 / static_cast<double>(first) : 0.0;
  return s;
}

double mean(const std::vector<double>& values) {
  if (values.empty()) return 0;
  double sum = 0;
  for (double v : values) sum += v;
  return sum / static_cast<double>(values.size());
}

Interval bootstrap_mean(const std::vector<double>& values, std::size_t resamples, std::uint64_t seed) {
  if (values.empty() || resamples == 0) return {0, 0};
  std::mt19937_64 rng(seed);
  const std::size_t n = values.size();
  std::vector<double> means(resamples);
  for (std::size_t b = 0; b < resamples; ++b) {
    double sum = 0;
    // Uniform index without std::uniform_int_distribution (its output differs across libraries).
    for (std::size_t i = 0; i < n; ++i) sum += values[static_cast<std::size_t>(rng() % n)];
    means[b] = sum / static_cast<double>(n);
  }
  std::sort(means.begin(), means.end());
  auto at = [&](double q) {
    const double pos = q * static_cast<double>(resamples - 1);
    const auto i = static_cast<std::size_t>(pos);
    const double frac = pos - static_cast<double>(i);
    return i + 1 < resamples ? means[i] * (1 - frac) + means[i + 1] * frac : means[i];
  };
  return {at(0.025), at(0.975)};
}

std::uint64_t derive_seed(std::uint64_t seed, const std::string& label) {
  std::uint64_t h = 1469598103934665603ull ^ seed;
  for (unsigned char c : label) {
    h ^= c;
    h *= 1099511628211ull;
  }
  for (int i = 0; i < 8; ++i) {
    h ^= (seed >> (8 * i)) & 0xFF;
    h *= 1099511628211ull;
  }
  return h;
}

}  // namespace moce::eval
