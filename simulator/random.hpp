// Counter-based random numbers: a draw is a pure function of (key, counter), so a session's
// content depends only on (seed, incident, session) and never on which rank generated it.
#pragma once

#include <cmath>
#include <cstdint>

namespace moce::sim {

// splitmix64's finaliser: a strong 64-bit mixer, the core of the counter-based stream.
constexpr std::uint64_t mix64(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

// A key for a stream: the hash of a path of integers, e.g. (seed, incident, session).
constexpr std::uint64_t stream_key(std::uint64_t a) { return mix64(a); }
constexpr std::uint64_t stream_key(std::uint64_t a, std::uint64_t b) { return mix64(mix64(a) ^ b); }
constexpr std::uint64_t stream_key(std::uint64_t a, std::uint64_t b, std::uint64_t c) {
  return mix64(stream_key(a, b) ^ mix64(c + 0x632be59bd9b4e019ULL));
}
constexpr std::uint64_t stream_key(std::uint64_t a, std::uint64_t b, std::uint64_t c, std::uint64_t d) {
  return mix64(stream_key(a, b, c) ^ mix64(d + 0x8cb92ba72f3d8dd7ULL));
}

// Inverse standard normal CDF (Acklam's rational approximation, relative error < 1.2e-9).
double inverse_normal_cdf(double p);

// A stream of draws keyed by `key`; draw i is mix64(key + i * golden). Cheap to copy.
class Rng {
 public:
  explicit Rng(std::uint64_t key) : key_(key) {}
  std::uint64_t next() { return mix64(key_ + (counter_++) * 0x9e3779b97f4a7c15ULL); }
  double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }  // [0, 1)
  // (0, 1): safe for log().
  double uniform_open() { return (static_cast<double>(next() >> 11) + 0.5) * 0x1.0p-53; }
  double uniform(double lo, double hi) { return lo + (hi - lo) * uniform(); }
  bool bernoulli(double p) { return uniform() < p; }
  std::int64_t below(std::int64_t n) {  // uniform in [0, n)
    return static_cast<std::int64_t>(uniform() * static_cast<double>(n));
  }
  double exponential(double mean) { return -mean * std::log(uniform_open()); }
  double normal();
  // Log-normal with the given mean and standard deviation of the value itself.
  double lognormal(double mean, double sd) {
    if (sd <= 0) return mean;
    const double s2 = std::log1p((sd * sd) / (mean * mean));
    return mean * std::exp(std::sqrt(s2) * normal() - 0.5 * s2);
  }
  // Failures before the first success with success probability p (mean (1-p)/p).
  std::int64_t geometric(double p) {
    if (p >= 1) return 0;
    return static_cast<std::int64_t>(std::floor(std::log(uniform_open()) / std::log1p(-p)));
  }

 private:
  std::uint64_t key_;
  std::uint64_t counter_ = 0;
};

}  // namespace moce::sim
