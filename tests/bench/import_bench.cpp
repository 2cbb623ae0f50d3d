// Telemetry CSV import: tokenizer throughput, tokenizing plus number parsing of events.csv, and
// the end-to-end import (parse, spill, sort, write the corpus), all in MB/s of CSV.
// Rows: MOCE_IMPORT_BENCH_ROWS (default 2'000'000 events, about 120 MB).
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>

#include "operators/io/telemetry_csv/csv_reader.hpp"
#include "operators/io/telemetry_csv/telemetry_import.hpp"

namespace moce {
namespace {

namespace fs = std::filesystem;

// A realistic input, written once: 20 incidents x 5000 sessions with cohort attributes and a
// KPI, and events shuffled across sessions (so the import really sorts).
struct Input {
  fs::path dir;
  std::int64_t events_bytes = 0, all_bytes = 0;
  Input() {
    const char* rows_env = std::getenv("MOCE_IMPORT_BENCH_ROWS");
    const std::int64_t rows = rows_env ? std::atoll(rows_env) : 2'000'000;
    dir = fs::temp_directory_path() / ("moce-import-bench-" + std::to_string(::getpid()));
    fs::create_directories(dir / "in");
    constexpr int kIncidents = 20, kSessions = 5000;
    std::ofstream inc(dir / "in" / "incidents.csv"), ses(dir / "in" / "sessions.csv"), ev(dir / "in" / "events.csv");
    inc << "incident_id,category,kpi,kpi_kind,higher_is_better,hist_start,hist_end,anomaly_start,anomaly_end,cohort,"
           "truth,context_start,context_end\n";
    ses << "incident_id,session_id,user_id,start,end,isp,device,app_version,session_index,login_time\n";
    ev << "incident_id,session_id,ts,event,url,latency_ms,status\n";
    std::mt19937_64 random(42);
    std::uniform_real_distribution<double> unit(0, 1);
    for (int k = 0; k < kIncidents; ++k) {
      inc << "incident-" << k << ",url_latency,login_time,real,0,1700000000,1700018000,1700018000,1700021600,"
          << "isp=ISP-2,url:/api/login/otp&isp:ISP-2,login_start,login_end\n";
      for (int s = 0; s < kSessions; ++s)
        ses << "incident-" << k << "," << 100000 + s << "," << s / 3 << "," << 1700000000 + s << ","
            << 1700000100 + s << ",ISP-" << random() % 40 << "," << (random() % 2 ? "android" : "ios") << ",7."
            << random() % 9 << ",1," << 100 + 400 * unit(random) << "\n";
    }
    const char* events[] = {"login_start", "request", "response", "login_end", "click", "scroll"};
    const char* statuses[] = {"ok", "ok", "ok", "error", "timeout"};
    char line[256];
    for (std::int64_t i = 0; i < rows; ++i) {
      const auto k = random() % kIncidents, s = random() % kSessions, e = random() % 6;
      const double ts = 1700000000.0 + 21600.0 * unit(random);
      int n = 0;
      if (e == 2)
        n = std::snprintf(line, sizeof line, "incident-%d,%d,%.6f,response,/api/v1/endpoint/%d,%.3f,%s\n",
                          static_cast<int>(k), 100000 + static_cast<int>(s), ts, static_cast<int>(random() % 200),
                          20 + 500 * unit(random), statuses[random() % 5]);
      else
        n = std::snprintf(line, sizeof line, "incident-%d,%d,%.6f,%s,,,\n", static_cast<int>(k),
                          100000 + static_cast<int>(s), ts, events[e]);
      ev.write(line, n);
    }
    ev.close();
    inc.close();
    ses.close();
    events_bytes = static_cast<std::int64_t>(fs::file_size(dir / "in" / "events.csv"));
    for (auto& f : fs::directory_iterator(dir / "in")) all_bytes += static_cast<std::int64_t>(f.file_size());
  }
  ~Input() {
    std::error_code ignored;
    fs::remove_all(dir, ignored);
  }
};

const Input& input() {
  static Input data;
  return data;
}

// Tokenizing only: every field of every record.
void BM_CsvTokenize(benchmark::State& state) {
  const auto path = (input().dir / "in" / "events.csv").string();
  for (auto _ : state) {
    CsvReader csv(path);
    std::size_t fields = 0;
    while (csv.next()) fields += csv.fields().size();
    benchmark::DoNotOptimize(fields);
  }
  state.SetBytesProcessed(state.iterations() * input().events_bytes);
}
BENCHMARK(BM_CsvTokenize)->Unit(benchmark::kMillisecond)->UseRealTime();

// Tokenizing plus the numbers of an events row (session id, ts, latency) via std::from_chars.
void BM_CsvParseEvents(benchmark::State& state) {
  const auto path = (input().dir / "in" / "events.csv").string();
  for (auto _ : state) {
    CsvReader csv(path);
    const auto session = csv.require_column("session_id"), ts = csv.require_column("ts"),
               latency = csv.require_column("latency_ms");
    double sum = 0;
    std::int64_t ids = 0;
    while (csv.next()) {
      ids += csv.int64(session);
      sum += csv.real(ts);
      const double l = csv.real_or_missing(latency);
      if (l == l) sum += l;
    }
    benchmark::DoNotOptimize(sum);
    benchmark::DoNotOptimize(ids);
  }
  state.SetBytesProcessed(state.iterations() * input().events_bytes);
}
BENCHMARK(BM_CsvParseEvents)->Unit(benchmark::kMillisecond)->UseRealTime();

// The whole import: parse and resolve every file, spill and sort events, write the corpus
// (deflate level state.range(0)).
void BM_ImportEndToEnd(benchmark::State& state) {
  ImportOptions options;
  options.write.compression = static_cast<int>(state.range(0));
  const auto out = (input().dir / "corpus.h5").string();
  for (auto _ : state) {
    auto summary = import_telemetry((input().dir / "in").string(), out, options);
    benchmark::DoNotOptimize(summary);
  }
  state.SetBytesProcessed(state.iterations() * input().all_bytes);
}
BENCHMARK(BM_ImportEndToEnd)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
}  // namespace moce
