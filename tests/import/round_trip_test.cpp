// Export then import gives identical datasets: on the quickstart corpus, on the imported fixture
// (logs, categorical ids, per-incident columns), and through the `moce` program with its exit codes.
#include <gtest/gtest.h>

#include <algorithm>

#include <filesystem>
#include <fstream>

#include "eval/cli/command.hpp"
#include "operators/io/corpus_reader.hpp"
#include "operators/io/incident_index.hpp"
#include "operators/io/telemetry_csv/event_spill.hpp"
#include "operators/io/telemetry_csv/telemetry_export.hpp"
#include "operators/io/telemetry_csv/telemetry_import.hpp"
#include "runtime/error.hpp"
#include "tests/support/test_support.hpp"

namespace moce {
namespace {

namespace fs = std::filesystem;

// The one place naming the command that makes the quickstart corpus, as `moce` arguments.
std::vector<std::string> quickstart_corpus_command(const std::string& path) {
  return {"simulate", "--config", MOCE_SOURCE_DIR "/configs/quickstart.ini", "--out", path};
}

// Every relation, offsets dataset, group attribute and dictionary of `a` is in `b`, equal, and
// the other way round; the incident index reads back to equal specs.
void expect_identical(const std::string& a_path, const std::string& b_path) {
  CorpusReader a(a_path), b(b_path);
  EXPECT_EQ(read_incident_index(a), read_incident_index(b));
  EXPECT_TRUE(a.read(corpus::kIncidentIndex).equals(b.read(corpus::kIncidentIndex)));
  ASSERT_EQ(a.members("/incidents"), b.members("/incidents"));
  for (auto& id : a.members("/incidents")) {
    if (id == "index") continue;
    const auto group = "/incidents/" + id;
    ASSERT_EQ(a.members(group), b.members(group)) << group;
    for (auto& member : a.members(group)) {
      const auto path = group + "/" + member;
      if (a.is_group(path)) {
        EXPECT_TRUE(a.read(path).equals(b.read(path))) << path;
        EXPECT_EQ(a.attributes(path), b.attributes(path)) << path;
      } else {
        const auto n = a.dataset_length(path);
        ASSERT_EQ(n, b.dataset_length(path)) << path;
        EXPECT_EQ(a.read_int64s(path, {0, n}), b.read_int64s(path, {0, n})) << path;
      }
    }
  }
  ASSERT_EQ(a.members(corpus::kDictionaries), b.members(corpus::kDictionaries));
  for (auto& name : a.members(corpus::kDictionaries))
    EXPECT_EQ(a.dictionary(name)->values(), b.dictionary(name)->values()) << name;
}

TEST(RoundTrip, QuickstartCorpusExportsAndImportsIdentically) {
  test::TempDir dir;
  const auto original = dir.file("quickstart.h5"), csv = dir.file("csv"), back = dir.file("back.h5");
  ASSERT_EQ(cli::run(test::world(), quickstart_corpus_command(original)), 0);
  ASSERT_EQ(cli::run(test::world(), {"export", "events", "--corpus", original, "--out", csv}), 0);
  ASSERT_EQ(cli::run(test::world(), {"import", "events", "--in", csv, "--out", back}), 0);
  expect_identical(original, back);
  // And once more: the re-exported CSV is byte for byte the first export.
  const auto csv2 = dir.file("csv2");
  export_telemetry(back, csv2);
  for (auto& entry : fs::directory_iterator(csv)) {
    const auto other = fs::path(csv2) / entry.path().filename();
    ASSERT_TRUE(fs::exists(other)) << other;
    EXPECT_EQ(fs::file_size(entry.path()), fs::file_size(other)) << entry.path().filename();
  }
}

TEST(RoundTrip, ExportAcceptsADirectoryWithATrailingSlash) {
  test::TempDir dir;
  import_telemetry(MOCE_IMPORT_FIXTURE, dir.file("fixture.h5"), {});
  fs::create_directory(dir.file("csv"));  // an existing, empty directory is fine too
  ASSERT_EQ(cli::run(test::world(), {"export", "events", "--corpus", dir.file("fixture.h5"), "--out",
                                     dir.file("csv") + "/"}),
            0);
  EXPECT_TRUE(fs::exists(dir.path() / "csv" / "incidents.csv"));
  std::vector<std::string> names;
  for (auto& entry : fs::directory_iterator(dir.path())) names.push_back(entry.path().filename().string());
  std::sort(names.begin(), names.end());
  EXPECT_EQ(names, (std::vector<std::string>{"csv", "fixture.h5"}));  // no temporary left behind
}

TEST(RoundTrip, ImportedFixtureExportsAndImportsIdentically) {
  test::TempDir dir;
  import_telemetry(MOCE_IMPORT_FIXTURE, dir.file("fixture.h5"), {});
  const auto summary = export_telemetry(dir.file("fixture.h5"), dir.file("csv"));
  EXPECT_EQ(summary.events, 10);
  EXPECT_EQ(summary.logs, 3);
  EXPECT_TRUE(fs::exists(dir.file("csv/logs.csv")));
  import_telemetry(dir.file("csv"), dir.file("back.h5"), {});
  expect_identical(dir.file("fixture.h5"), dir.file("back.h5"));
}

// More incidents than run files: several incidents share a bucket, and each still gets exactly
// its own events, sorted by (session, ts). Incident k's session s has events at ts 30 - t for
// t = 0, 1, 2 (written newest first, incidents interleaved), named "k-s-t".
TEST(RoundTrip, ManyIncidentsShareRunFiles) {
  test::TempDir dir;
  const int incidents = telemetry::EventSpill::kMaxBuckets + 44;
  fs::create_directory(dir.file("in"));
  {
    std::ofstream inc(dir.file("in/incidents.csv")), ses(dir.file("in/sessions.csv")), ev(dir.file("in/events.csv"));
    inc << "incident_id,category,kpi,kpi_kind,higher_is_better,hist_start,hist_end,anomaly_start,anomaly_end,"
           "cohort,truth\n";
    ses << "incident_id,session_id,user_id,start,end,kpi\n";
    ev << "incident_id,session_id,ts,event,url,latency_ms,status\n";
    for (int k = 0; k < incidents; ++k) {
      inc << "i" << k << ",c,kpi,real,0,0,10,10,20,,\n";
      for (int s = 0; s < 2; ++s) ses << "i" << k << "," << s << ",1,0,40," << k << "\n";
    }
    for (int t = 0; t < 3; ++t)
      for (int s = 1; s >= 0; --s)
        for (int k = incidents - 1; k >= 0; --k)
          ev << "i" << k << "," << s << "," << 30 - t << "," << k << "-" << s << "-" << t << ",,,\n";
  }
  import_telemetry(dir.file("in"), dir.file("many.h5"), {});
  CorpusReader reader(dir.file("many.h5"));
  for (int k = 0; k < incidents; ++k) {
    const auto id = "i" + std::to_string(k);
    auto seq = reader.read_sequence(corpus::events_group(id), corpus::events_offsets(id));
    ASSERT_EQ(std::vector<std::int64_t>(seq.offsets().begin(), seq.offsets().end()),
              (std::vector<std::int64_t>{0, 3, 6}));
    const auto& event = seq.rows().column("event");
    for (int row = 0; row < 6; ++row) {
      const int s = row / 3, t = 2 - row % 3;  // ts ascending = t descending
      EXPECT_EQ(event.dictionary()->value(event.codes()[static_cast<std::size_t>(row)]),
                id.substr(1) + "-" + std::to_string(s) + "-" + std::to_string(t));
    }
  }
  export_telemetry(dir.file("many.h5"), dir.file("csv"));
  import_telemetry(dir.file("csv"), dir.file("back.h5"), {});
  expect_identical(dir.file("many.h5"), dir.file("back.h5"));
}

TEST(RoundTrip, ExportRefusesANonEmptyDirectoryAndLeavesNothingOnError) {
  test::TempDir dir;
  import_telemetry(MOCE_IMPORT_FIXTURE, dir.file("fixture.h5"), {});
  fs::create_directory(dir.file("full"));
  std::ofstream(dir.file("full/keep.txt")) << "x";
  EXPECT_THROW(export_telemetry(dir.file("fixture.h5"), dir.file("full")), InputError);
  EXPECT_THROW(export_telemetry(dir.file("nonexistent.h5"), dir.file("out")), Error);
  EXPECT_FALSE(fs::exists(dir.file("out")));
  for (auto& entry : fs::directory_iterator(dir.path()))
    EXPECT_EQ(entry.path().filename().string().find(".tmp-"), std::string::npos) << entry.path();
}

// The program: bad input exits 1 naming file, line and column, with no output file; a kind
// other than `events` is a usage error (exit 2).
TEST(RoundTrip, CommandLineExitCodes) {
  test::TempDir dir;
  fs::create_directory(dir.file("in"));
  for (auto& entry : fs::directory_iterator(MOCE_IMPORT_FIXTURE))
    fs::copy_file(entry.path(), fs::path(dir.file("in")) / entry.path().filename());
  std::ofstream(dir.file("in/events.csv"), std::ios::app) << "inc-login,10,oops,click,,,\r\n";
  const auto moce = test::moce_binary();
  auto bad = test::run_command(moce + " import events --in " + dir.file("in") + " --out " + dir.file("c.h5"));
  EXPECT_EQ(bad.status, 1) << bad.output;
  EXPECT_NE(bad.output.find("events.csv:12: column 'ts': 'oops' is not a number"), std::string::npos) << bad.output;
  EXPECT_FALSE(fs::exists(dir.file("c.h5")));
  auto kind = test::run_command(moce + " import logs --in " + dir.file("in") + " --out " + dir.file("c.h5"));
  EXPECT_EQ(kind.status, 2) << kind.output;
  EXPECT_NE(kind.output.find("unknown kind 'logs'"), std::string::npos) << kind.output;
  auto none = test::run_command(moce + " export --corpus x.h5 --out " + dir.file("o"));
  EXPECT_EQ(none.status, 2) << none.output;
  auto good = test::run_command(moce + " import events --in " MOCE_IMPORT_FIXTURE " --out " + dir.file("ok.h5"));
  EXPECT_EQ(good.status, 0) << good.output;
  EXPECT_TRUE(fs::exists(dir.file("ok.h5")));
}

}  // namespace
}  // namespace moce
