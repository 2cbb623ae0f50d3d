// Imports tests/import/fixture (a BOM, CRLF line ends, quoted commas, doubled quotes and a
// multi-line field among its files) and checks every table against values worked out by hand
// from the CSV text; the derivation is in the comments.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "operators/io/corpus_reader.hpp"
#include "operators/io/incident_index.hpp"
#include "operators/io/telemetry_csv/telemetry_import.hpp"
#include "tests/support/test_support.hpp"

namespace moce {
namespace {

constexpr double kNan = std::numeric_limits<double>::quiet_NaN();

std::vector<std::string> strings(const Column& c) {
  std::vector<std::string> out;
  for (auto code : c.codes()) out.push_back(code == kMissingCode ? "<missing>" : c.dictionary()->value(code));
  return out;
}
std::vector<std::int32_t> codes(const Column& c) { return {c.codes().begin(), c.codes().end()}; }
std::vector<std::int64_t> ints(const Column& c) { return {c.int64s().begin(), c.int64s().end()}; }
void expect_reals(const Column& c, const std::vector<double>& expected) {
  ASSERT_EQ(c.size(), expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) {
    if (std::isnan(expected[i])) EXPECT_TRUE(std::isnan(c.reals()[i])) << i;
    else EXPECT_EQ(c.reals()[i], expected[i]) << i;
  }
}

class FixtureImport : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new test::TempDir();
    summary_ = import_telemetry(MOCE_IMPORT_FIXTURE, dir_->file("fixture.h5"), {});
    reader_ = new CorpusReader(dir_->file("fixture.h5"));
  }
  static void TearDownTestSuite() {
    delete reader_;
    delete dir_;
  }
  static inline test::TempDir* dir_ = nullptr;
  static inline CorpusReader* reader_ = nullptr;
  static inline ImportSummary summary_;
};

TEST_F(FixtureImport, Counts) {
  EXPECT_EQ(summary_.incidents, 2);
  EXPECT_EQ(summary_.sessions, 5);
  EXPECT_EQ(summary_.events, 10);
  EXPECT_EQ(summary_.logs, 3);
}

// Dictionaries are built in first-seen order; status is seeded ok, error, timeout.
TEST_F(FixtureImport, Dictionaries) {
  auto values = [&](const char* name) { return reader_->dictionary(name)->values(); };
  using V = std::vector<std::string>;
  EXPECT_EQ(values("isp"), (V{"ISP-1", "ISP-2", "ISP-3, north"}));
  EXPECT_EQ(values("device"), (V{"android", "web \"beta\"", "ios"}));
  EXPECT_EQ(values("user_id"), (V{"u1", "u2", "u3"}));  // not all integers: categorical
  EXPECT_EQ(values("event"), (V{"request", "login_start", "response", "click", "login_end"}));
  EXPECT_EQ(values("url"), (V{"/api/otp", "/api/login", "/api/a,b"}));
  EXPECT_EQ(values("status"), (V{"ok", "error", "timeout"}));
  EXPECT_EQ(values("log_level"), (V{"ERROR", "INFO", "WARN"}));
  EXPECT_EQ(values("log_template"), (V{"otp timeout for <*>", "login ok\nsecond line", "slow <*>"}));
  EXPECT_FALSE(reader_->exists("/dictionaries/session_id"));  // integer ids: int64 column
}

TEST_F(FixtureImport, IncidentIndex) {
  auto specs = read_incident_index(*reader_);
  ASSERT_EQ(specs.size(), 2u);
  IncidentSpec a;
  a.id = "inc-login";
  a.category = "url_latency";
  a.kpi = "login_time";
  a.kpi_kind = KpiKind::kReal;
  a.higher_is_better = false;
  a.historical = {1000, 2000};
  a.anomaly = {2000, 2600};
  a.cohort = "isp=ISP-2";
  a.truth = {"isp:ISP-2&url:/api/otp"};
  a.context_start = "login_start";
  a.context_end = "login_end";
  IncidentSpec b;
  b.id = "inc,2";
  b.category = "cohort_errors";
  b.kpi = "login_ok";
  b.kpi_kind = KpiKind::kBinary;
  b.higher_is_better = true;
  b.historical = {1000, 1500};
  b.anomaly = {1600, 2000};
  b.truth = {"isp:ISP-1|device:android", "lifecycle:first_session"};  // a cause with an equivalent id
  EXPECT_EQ(specs[0], a);
  EXPECT_EQ(specs[1], b);
  auto index = reader_->read(corpus::kIncidentIndex);
  EXPECT_EQ(codes(index.column("context_start")), (std::vector<std::int32_t>{1, -1}));  // login_start
  EXPECT_EQ(codes(index.column("context_end")), (std::vector<std::int32_t>{4, -1}));    // login_end
}

// inc-login's sessions in file order: 10 (line 2), 11 (line 3), 12 (line 5). login_ok is empty
// for all three, so that other incident's KPI is not a column here.
TEST_F(FixtureImport, SessionsOfFirstIncident) {
  const auto g = corpus::sessions_group("inc-login");
  auto s = reader_->read(g);
  EXPECT_EQ(s.names(), (std::vector<std::string>{"session_id", "user_id", "start", "end", "isp", "login_time",
                                                 "device", "session_index"}));
  EXPECT_EQ(ints(s.column("session_id")), (std::vector<std::int64_t>{10, 11, 12}));
  EXPECT_EQ(strings(s.column("user_id")), (std::vector<std::string>{"u1", "u2", "u1"}));
  expect_reals(s.column("start"), {1500, 2100, 2200});
  expect_reals(s.column("end"), {1510, 2120, 2201.25});
  EXPECT_EQ(codes(s.column("isp")), (std::vector<std::int32_t>{0, 1, 1}));
  expect_reals(s.column("login_time"), {120.5, 480, kNan});
  EXPECT_EQ(strings(s.column("device")), (std::vector<std::string>{"android", "web \"beta\"", "android"}));
  EXPECT_EQ(ints(s.column("session_index")), (std::vector<std::int64_t>{1, 1, 2}));
  EXPECT_EQ(reader_->string_attribute(g, kCohortAttributesAttribute), "isp,device");
  EXPECT_EQ(reader_->string_attribute(g, kKpisAttribute), "login_time");
}

// "inc,2": sessions 10 (line 4) and 7 (line 6); session_index empty on line 6 = 0 (unknown).
TEST_F(FixtureImport, SessionsOfSecondIncident) {
  const auto g = corpus::sessions_group("inc,2");
  auto s = reader_->read(g);
  EXPECT_EQ(s.names(), (std::vector<std::string>{"session_id", "user_id", "start", "end", "isp", "device",
                                                 "login_ok", "session_index"}));
  EXPECT_EQ(ints(s.column("session_id")), (std::vector<std::int64_t>{10, 7}));
  EXPECT_EQ(codes(s.column("user_id")), (std::vector<std::int32_t>{0, 2}));
  expect_reals(s.column("start"), {1200, 1700});
  expect_reals(s.column("end"), {1230, 1710});
  EXPECT_EQ(strings(s.column("isp")), (std::vector<std::string>{"ISP-1", "ISP-3, north"}));
  EXPECT_EQ(codes(s.column("device")), (std::vector<std::int32_t>{2, 2}));
  expect_reals(s.column("login_ok"), {1, 0});
  EXPECT_EQ(ints(s.column("session_index")), (std::vector<std::int64_t>{2, 0}));
  EXPECT_EQ(reader_->string_attribute(g, kKpisAttribute), "login_ok");
}

// inc-login's 8 events sorted by (session row, ts); the ties at ts 1500.2 and 2101 keep file
// order (response before login_end). Session 12 has none: offsets 0, 4, 8, 8.
TEST_F(FixtureImport, EventsOfFirstIncident) {
  auto seq = reader_->read_sequence(corpus::events_group("inc-login"), corpus::events_offsets("inc-login"));
  EXPECT_EQ(std::vector<std::int64_t>(seq.offsets().begin(), seq.offsets().end()),
            (std::vector<std::int64_t>{0, 4, 8, 8}));
  const auto& e = seq.rows();
  EXPECT_EQ(e.names(), (std::vector<std::string>{"session", "ts", "event", "url", "latency_ms", "status"}));
  EXPECT_EQ(ints(e.column("session")), (std::vector<std::int64_t>{0, 0, 0, 0, 1, 1, 1, 1}));
  expect_reals(e.column("ts"), {1500, 1500.1, 1500.2, 1500.2, 2100, 2100.5, 2101, 2101});
  EXPECT_EQ(strings(e.column("event")),
            (std::vector<std::string>{"login_start", "request", "response", "login_end", "login_start", "request",
                                      "response", "login_end"}));
  EXPECT_EQ(codes(e.column("url")), (std::vector<std::int32_t>{-1, 1, 1, -1, -1, 0, 0, -1}));
  expect_reals(e.column("latency_ms"), {kNan, kNan, 100, kNan, kNan, kNan, 480, kNan});
  EXPECT_EQ(codes(e.column("status")), (std::vector<std::int32_t>{-1, -1, 1, -1, -1, -1, 0, -1}));
}

TEST_F(FixtureImport, EventsOfSecondIncident) {
  auto seq = reader_->read_sequence(corpus::events_group("inc,2"), corpus::events_offsets("inc,2"));
  EXPECT_EQ(std::vector<std::int64_t>(seq.offsets().begin(), seq.offsets().end()), (std::vector<std::int64_t>{0, 1, 2}));
  const auto& e = seq.rows();
  EXPECT_EQ(ints(e.column("session")), (std::vector<std::int64_t>{0, 1}));
  expect_reals(e.column("ts"), {1201, 1700});
  EXPECT_EQ(strings(e.column("event")), (std::vector<std::string>{"response", "click"}));
  EXPECT_EQ(strings(e.column("url")), (std::vector<std::string>{"/api/a,b", "<missing>"}));
  expect_reals(e.column("latency_ms"), {50.5, kNan});
  EXPECT_EQ(strings(e.column("status")), (std::vector<std::string>{"timeout", "<missing>"}));
}

// Logs sorted by ts: inc-login's 2000 (INFO, the two-line template) before 2105 (ERROR).
TEST_F(FixtureImport, Logs) {
  auto a = reader_->read(corpus::logs_group("inc-login"));
  expect_reals(a.column("ts"), {2000, 2105});
  EXPECT_EQ(strings(a.column("level")), (std::vector<std::string>{"INFO", "ERROR"}));
  EXPECT_EQ(codes(a.column("template")), (std::vector<std::int32_t>{1, 0}));
  auto b = reader_->read(corpus::logs_group("inc,2"));
  expect_reals(b.column("ts"), {1300});
  EXPECT_EQ(strings(b.column("template")), (std::vector<std::string>{"slow <*>"}));
}

}  // namespace
}  // namespace moce
