// Demo corpus: login sessions in which one URL slows down for one ISP in the anomaly window.
#include "simulator/demo_corpus.hpp"

#include <cmath>
#include <limits>

#include "operators/io/corpus_format.hpp"
#include "operators/io/incident_index.hpp"
#include "runtime/version.hpp"
#include "simulator/random.hpp"

namespace moce {

namespace {

// Uniform in [0, 1) from (seed, incident, session, draw).
double uniform(std::uint64_t seed, std::int64_t incident, std::int64_t session, int draw) {
  using sim::mix64;  // the counter-based random source the simulator uses
  auto h = mix64(mix64(mix64(seed) ^ static_cast<std::uint64_t>(incident)) ^ static_cast<std::uint64_t>(session));
  return static_cast<double>(mix64(h ^ static_cast<std::uint64_t>(draw)) >> 11) * 0x1.0p-53;
}

std::shared_ptr<Dictionary> dictionary(std::vector<std::string> values, std::string name) {
  return std::make_shared<Dictionary>(std::move(values), std::move(name));
}

constexpr double kHour = 3600.0;
constexpr double kStart = 1.7e9;              // the historical window opens here
constexpr double kAnomalyStart = kStart + 5 * kHour;
constexpr double kEnd = kAnomalyStart + kHour;

}  // namespace

void write_demo_corpus(const std::string& path, const Context& context, const DemoOptions& options,
                       const std::string& config_text) {
  auto isp = dictionary({"ISP-1", "ISP-2", "ISP-3", "Télécom-Ñ", "中国电信"}, "isp");
  auto device = dictionary({"android", "ios", "web"}, "device");
  auto event = dictionary({"login_start", "request", "response", "login_end", "click"}, "event");
  auto url = dictionary({"/api/login", "/api/login/otp", "/api/profile"}, "url");
  auto status = dictionary({"ok", "error", "timeout"}, "status");
  const auto seed = static_cast<std::uint64_t>(options.seed);

  corpus::Provenance provenance;
  provenance.config_text = config_text;
  provenance.seed = options.seed;
  provenance.generator = cat("moce demo ", version());
  CorpusWriter writer(path, context, provenance, options.write);

  std::vector<std::string> ids;
  for (std::int64_t i = 0; i < options.incidents; ++i) ids.push_back(cat("demo-", i));
  for (std::int64_t inc = 0; inc < options.incidents; ++inc) {
    const auto share = block_share(options.sessions_per_incident, context.rank(), context.size());
    std::vector<std::int64_t> session_id, user_id, session_index, ev_session;
    std::vector<double> start, end, login_time, ts, latency;
    std::vector<std::int32_t> isp_code, device_code, ev_event, ev_url, ev_status;
    std::vector<std::int64_t> offsets{0};
    for (std::int64_t s = share.begin; s < share.end; ++s) {
      const double t0 = kStart + uniform(seed, inc, s, 0) * (kEnd - kStart - 60);
      const auto isp_i = static_cast<std::int32_t>(std::pow(uniform(seed, inc, s, 1), 2.0) * isp->size());
      session_id.push_back(s);
      user_id.push_back(s / 3);
      session_index.push_back(s % 3 + 1);
      isp_code.push_back(isp_i);
      device_code.push_back(static_cast<std::int32_t>(uniform(seed, inc, s, 2) * device->size()));
      start.push_back(t0);
      const bool logs_in = uniform(seed, inc, s, 3) < 0.8;
      double t = t0;
      auto push = [&](std::int32_t e, std::int32_t u, double lat, std::int32_t st) {
        ev_session.push_back(s - share.begin);
        ts.push_back(t);
        ev_event.push_back(e);
        ev_url.push_back(u);
        latency.push_back(lat);
        ev_status.push_back(st);
      };
      const double nan = std::numeric_limits<double>::quiet_NaN();
      if (logs_in) {
        push(0, kMissingCode, nan, kMissingCode);
        for (std::int32_t u = 0; u < 2; ++u) {
          double lat = 80 + 40 * uniform(seed, inc, s, 10 + u);
          // The injected incident: /api/login/otp slows down 4x for ISP-2 in the anomaly window.
          if (u == 1 && isp_i == 1 && t >= kAnomalyStart) lat *= 4;
          push(1, u, nan, kMissingCode);
          t += lat / 1000.0;
          push(2, u, lat, 0);
        }
        push(3, kMissingCode, nan, kMissingCode);
        login_time.push_back((t - t0) * 1000.0);
      } else {
        push(4, kMissingCode, nan, kMissingCode);
        login_time.push_back(nan);
      }
      end.push_back(t + 1.0);
      offsets.push_back(static_cast<std::int64_t>(ts.size()));
    }
    Relation sessions;
    sessions.add("session_id", Column::int64(std::move(session_id)))
        .add("user_id", Column::int64(std::move(user_id)))
        .add("start", Column::real(std::move(start)))
        .add("end", Column::real(std::move(end)))
        .add("isp", Column::categorical(std::move(isp_code), isp))
        .add("device", Column::categorical(std::move(device_code), device))
        .add("session_index", Column::int64(std::move(session_index)))
        .add("login_time", Column::real(std::move(login_time)));
    // Event rows name their session by its row in the corpus' sessions table.
    for (auto& row : ev_session) row += share.begin;
    Relation events;
    events.add("session", Column::int64(std::move(ev_session)))
        .add("ts", Column::real(std::move(ts)))
        .add("event", Column::categorical(std::move(ev_event), event))
        .add("url", Column::categorical(std::move(ev_url), url))
        .add("latency_ms", Column::real(std::move(latency)))
        .add("status", Column::categorical(std::move(ev_status), status));
    const auto& id = ids[static_cast<std::size_t>(inc)];
    writer.append(corpus::sessions_group(id), sessions);
    writer.set_attribute(corpus::sessions_group(id), kCohortAttributesAttribute, std::string("isp,device"));
    writer.set_attribute(corpus::sessions_group(id), kKpisAttribute, std::string("login_time"));
    writer.append_sequence(corpus::events_group(id), corpus::events_offsets(id), Sequence(events, offsets));
    if (context.rank() == options.fail_rank)
      throw Error(cat("injected failure on rank ", context.rank(), " after incident ", id, " (--fail-rank)"));
  }

  std::vector<IncidentSpec> specs;
  for (auto& id : ids) {
    IncidentSpec spec;
    spec.id = id;
    spec.category = "url_latency";
    spec.kpi = "login_time";
    spec.kpi_kind = KpiKind::kReal;
    spec.higher_is_better = false;
    spec.historical = {kStart, kAnomalyStart};
    spec.anomaly = {kAnomalyStart, kEnd};
    spec.truth = {"url:/api/login/otp&isp:ISP-2"};
    spec.context_start = "login_start";
    spec.context_end = "login_end";
    spec.params = "url=/api/login/otp;isp=ISP-2;latency_factor=4";
    specs.push_back(spec);
  }
  write_incident_index(writer, context, specs, event);
  writer.commit();
}

}  // namespace moce
