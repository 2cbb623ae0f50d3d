// Hand-built URL incidents for the URL experts' tests: sessions of a "login" flow that calls a
// few URLs once each (request + response events inside login_start..login_end), one URL outside
// the flow context, a duration KPI (the sum of the flow's latencies plus noise) and a success KPI
// (1 unless a response of the flow failed). A fault slows down or fails one URL, or every URL of
// one ISP, in a fraction of the anomaly sessions. Randomness: a seeded mt19937_64 with our own
// transforms, so the incidents are the same on every platform.
#pragma once

#include <cmath>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "tests/experts_support/incident_builder.hpp"

namespace moce::test {

struct UrlIncident {
  std::string id = "url-incident";
  std::vector<std::string> urls = {"/api/login/a", "/api/login/b", "/api/login/c", "/api/login/d"};
  std::vector<double> mean_ms = {100, 200, 150, 120};
  std::string outside_url = "/api/home";  // called after login_end: outside the flow context
  double sd_fraction = 0.2;               // latency sd / mean
  double kpi_noise_ms = 20;
  double base_failure = 0.02;  // every URL's failure probability
  int hist_sessions = 400, anomaly_sessions = 150;
  std::vector<std::string> isps = {"ISP-1", "ISP-2", "ISP-3"};
  std::vector<std::string> devices = {"phone", "tablet"};

  // The fault, in `fault_fraction` of the anomaly sessions (of `fault_isp` only, when set).
  std::string faulty_url;     // "" with fault_isp "" = no fault (a null incident)
  std::string fault_isp;      // "": not a cohort fault; else every URL of that ISP
  double latency_factor = 1;  // multiplies the latency
  double fault_failure = 0;   // failure probability while faulty
  double fault_fraction = 1;
  bool outside_also_faulty = true;  // the URL outside the context degrades too (must be ignored)

  bool success_kpi = false;  // alert on login_success (binary, higher is better) instead of login_time
  bool kpi_follows_urls = true;  // false: login_time is the URLs' usual total plus noise, whatever they did
  std::uint64_t seed = 1;

  IncidentBuilder builder() const;
};

// Events and sessions built field by field (designated initialisers would leave fields out).
inline TestEvent marker(double ts, std::string event) {
  TestEvent e;
  e.ts = ts;
  e.event = std::move(event);
  return e;
}
inline TestEvent response(double ts, std::string url, double latency_ms, std::string status,
                          std::string event = "response") {
  TestEvent e = marker(ts, std::move(event));
  e.url = std::move(url);
  e.latency_ms = latency_ms;
  e.status = std::move(status);
  return e;
}
inline TestSession session_at(double start, std::vector<std::string> attrs, std::vector<double> kpi) {
  TestSession s;
  s.start = start;
  s.attrs = std::move(attrs);
  s.kpi = std::move(kpi);
  return s;
}

namespace detail {
inline double uniform01(std::mt19937_64& rng) { return static_cast<double>(rng() >> 11) * 0x1.0p-53; }
inline double normal(std::mt19937_64& rng) {  // Box-Muller
  const double u = 1.0 - uniform01(rng), v = uniform01(rng);
  return std::sqrt(-2.0 * std::log(u)) * std::cos(6.283185307179586 * v);
}
inline std::size_t pick(std::mt19937_64& rng, std::size_t n) {
  return static_cast<std::size_t>(uniform01(rng) * static_cast<double>(n)) % n;
}
}  // namespace detail

// One URL /a: historical latencies 100, 110, 120, 130 (repeated), anomaly 200, 210, ..., 290 (so
// every statistic grows), and /b: 50, 51, 52 repeated in both windows; one ISP "x". A hand-worked case.
inline IncidentBuilder two_url_incident() {
  IncidentBuilder b("hand", "login_time", KpiKind::kReal, false);
  b.attributes({"isp"}).context("login_start", "login_end");
  const int hist = 40, anomaly = 20;
  for (int i = 0; i < hist + anomaly; ++i) {
    const bool in_anomaly = i >= hist;
    const double a = in_anomaly ? 200.0 + (i % 10) * 10 : 100.0 + (i % 4) * 10;
    const double start = in_anomaly ? b.anomaly((i - hist + 0.5) / anomaly) : b.hist((i + 0.5) / hist);
    TestSession s = session_at(start, {"x"}, {a});
    double t = start + 1;
    s.events.push_back(marker(t, "login_start"));
    s.events.push_back(response(t += 0.1, "/a", a, "ok"));
    s.events.push_back(response(t += 0.1, "/b", 50.0 + (i % 3), "ok"));
    s.events.push_back(marker(t += 0.1, "login_end"));
    b.session(std::move(s));
  }
  return b;
}

inline IncidentBuilder UrlIncident::builder() const {
  IncidentBuilder b(id, success_kpi ? "login_success" : "login_time", success_kpi ? KpiKind::kBinary : KpiKind::kReal,
                    success_kpi);
  b.attributes({"isp", "device"}).kpis({"login_time", "login_success"}).context("login_start", "login_end");
  std::mt19937_64 rng(seed);
  const int total = hist_sessions + anomaly_sessions;
  for (int s = 0; s < total; ++s) {
    const bool anomaly = s >= hist_sessions;
    const double start =
        anomaly ? b.anomaly((s - hist_sessions + 0.5) / anomaly_sessions) : b.hist((s + 0.5) / hist_sessions);
    const std::string& isp = isps[detail::pick(rng, isps.size())];
    const std::string& device = devices[detail::pick(rng, devices.size())];
    const bool hit = anomaly && detail::uniform01(rng) < fault_fraction && (fault_isp.empty() || isp == fault_isp);
    TestSession session = session_at(start, {isp, device}, {0, 1});
    double t = start + 1, duration = 0;
    bool failed = false;
    session.events.push_back(marker(t, "login_start"));
    auto call = [&](const std::string& url, double mean, bool faulty) {
      double latency = std::max(1.0, mean * (1 + sd_fraction * detail::normal(rng)));
      double failure = base_failure;
      if (faulty) {
        latency *= latency_factor;
        failure = std::max(failure, fault_failure);
      }
      const bool fails = detail::uniform01(rng) < failure;
      TestEvent request = marker(t += 0.01, "request");
      request.url = url;
      session.events.push_back(request);
      session.events.push_back(response(t += latency / 1000, url, latency, fails ? "error" : "ok"));
      return std::pair{latency, fails};
    };
    for (std::size_t u = 0; u < urls.size(); ++u) {
      const bool faulty = hit && (urls[u] == faulty_url || !fault_isp.empty());
      auto [latency, fails] = call(urls[u], mean_ms[u], faulty);
      duration += latency;
      failed = failed || fails;
    }
    session.events.push_back(marker(t += 0.01, "login_end"));
    call(outside_url, 300, hit && outside_also_faulty);
    double usual = 0;
    for (double m : mean_ms) usual += m;
    session.kpi = {(kpi_follows_urls ? duration : usual) + kpi_noise_ms * detail::normal(rng), failed ? 0.0 : 1.0};
    b.session(std::move(session));
  }
  return b;
}

}  // namespace moce::test
