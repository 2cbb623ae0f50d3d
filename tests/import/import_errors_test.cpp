// Bad input: each case stops the import with one message naming the file, the line and the
// column, and leaves nothing in the output directory (no corpus, no temporary file, no run files).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "operators/io/telemetry_csv/telemetry_import.hpp"
#include "runtime/error.hpp"
#include "tests/support/test_support.hpp"

namespace moce {
namespace {

namespace fs = std::filesystem;

std::string slurp(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// A copy of the fixture with `from` replaced by `to` in `file` (which must contain it once).
class BadInput {
 public:
  BadInput() {
    fs::create_directory(dir_.path() / "in");
    fs::create_directory(dir_.path() / "out");
    for (auto& entry : fs::directory_iterator(MOCE_IMPORT_FIXTURE))
      fs::copy_file(entry.path(), dir_.path() / "in" / entry.path().filename());
  }
  BadInput& edit(const std::string& file, const std::string& from, const std::string& to) {
    const auto path = dir_.path() / "in" / file;
    auto text = slurp(path);
    const auto at = text.find(from);
    EXPECT_NE(at, std::string::npos) << from << " not in " << file;
    EXPECT_EQ(text.find(from, at + 1), std::string::npos) << from << " twice in " << file;
    if (at != std::string::npos) text.replace(at, from.size(), to);
    std::ofstream(path, std::ios::binary) << text;
    return *this;
  }
  BadInput& remove(const std::string& file) {
    fs::remove(dir_.path() / "in" / file);
    return *this;
  }
  // The import's error message, or "no error"; after an error, checks that the output
  // directory stayed empty.
  std::string error() {
    try {
      import_telemetry((dir_.path() / "in").string(), (dir_.path() / "out" / "corpus.h5").string(), {});
    } catch (const InputError& e) {
      EXPECT_TRUE(fs::is_empty(dir_.path() / "out")) << "output left behind after: " << e.what();
      return e.what();
    }
    EXPECT_TRUE(fs::exists(dir_.path() / "out" / "corpus.h5"));
    return "no error";
  }

 private:
  test::TempDir dir_;
};

#define EXPECT_ERROR(input, expected)                                 \
  do {                                                                \
    const auto message = (input).error();                             \
    EXPECT_NE(message.find(expected), std::string::npos) << message; \
  } while (0)

TEST(ImportErrors, TheUnchangedFixtureImports) {
  BadInput input;
  EXPECT_EQ(input.error(), "no error");
}

TEST(ImportErrors, MissingRequiredFile) {
  EXPECT_ERROR(BadInput().remove("events.csv"), "events.csv: required file is missing");
  EXPECT_ERROR(BadInput().remove("sessions.csv"), "sessions.csv: required file is missing");
  EXPECT_ERROR(BadInput().remove("incidents.csv"), "incidents.csv: required file is missing");
}

TEST(ImportErrors, MissingRequiredColumn) {
  EXPECT_ERROR(BadInput().edit("sessions.csv", "user_id,", "user,"),
               "sessions.csv:1: required column 'user_id' is missing");
  EXPECT_ERROR(BadInput().edit("events.csv", "latency_ms", "latency"),
               "events.csv:1: required column 'latency_ms' is missing");
}

TEST(ImportErrors, MalformedNumber) {
  EXPECT_ERROR(BadInput().edit("events.csv", "/api/otp,480,ok", "/api/otp,12x,ok"),
               "events.csv:5: column 'latency_ms': '12x' is not a number");
  EXPECT_ERROR(BadInput().edit("sessions.csv", "ISP-2,480,", "ISP-2,4.8.0,"),
               "sessions.csv:3: column 'login_time': '4.8.0' is not a number");
  EXPECT_ERROR(BadInput().edit("incidents.csv", "1000,1500,1600", "1000,15OO,1600"),
               "incidents.csv:3: column 'hist_end': '15OO' is not a number");
  EXPECT_ERROR(BadInput().edit("logs.csv", "2105,ERROR", ",ERROR"), "logs.csv:2: column 'ts': is empty");
}

TEST(ImportErrors, UnknownIncidentId) {
  EXPECT_ERROR(BadInput().edit("sessions.csv", "inc-login,12,", "inc-logon,12,"),
               "sessions.csv:5: column 'incident_id': unknown incident 'inc-logon'");
  EXPECT_ERROR(BadInput().edit("events.csv", "\"inc,2\",7,1700", "inc 2,7,1700"),
               "events.csv:6: column 'incident_id': unknown incident 'inc 2'");
  EXPECT_ERROR(BadInput().edit("logs.csv", "\"inc,2\",1300", "inc3,1300"),
               "logs.csv:5: column 'incident_id': unknown incident 'inc3'");  // line 4 holds a newline
}

TEST(ImportErrors, UnknownSessionId) {
  EXPECT_ERROR(BadInput().edit("events.csv", "inc-login,10,1500.1", "inc-login,13,1500.1"),
               "events.csv:7: column 'session_id': unknown session '13' of incident 'inc-login'");
  // Session 7 exists only in "inc,2".
  EXPECT_ERROR(BadInput().edit("events.csv", "inc-login,10,1500,", "inc-login,7,1500,"),
               "events.csv:3: column 'session_id': unknown session '7'");
}

TEST(ImportErrors, KpiAbsentFromSessions) {
  EXPECT_ERROR(BadInput().edit("incidents.csv", "login_ok,binary", "checkout_ok,binary"),
               "incidents.csv:3: column 'kpi': 'checkout_ok' is not a KPI column of");
}

TEST(ImportErrors, HistoricalWindowEndsAfterAnomalyStarts) {
  EXPECT_ERROR(BadInput().edit("incidents.csv", "1000,2000,2000,2600", "1000,2100,2000,2600"),
               "incidents.csv:2: hist_end 2100 is after anomaly_start 2000");
}

TEST(ImportErrors, WindowStartsAfterItEnds) {
  EXPECT_ERROR(BadInput().edit("incidents.csv", "1600,2000", "2000,1600"),
               "incidents.csv:3: anomaly (anomaly_start, anomaly_end) window starts at 2000 but ends at 1600");
  EXPECT_ERROR(BadInput().edit("incidents.csv", "1000,2000,2000,2600", "1900,1000,2000,2600"),
               "incidents.csv:2: historical (hist_start, hist_end) window starts at 1900");
  EXPECT_ERROR(BadInput().edit("sessions.csv", "2200,2201.25", "2200,2199"),
               "sessions.csv:5: column 'end': the session ends (2199) before it starts (2200)");
}

TEST(ImportErrors, KpiKindNeitherRealNorBinary) {
  EXPECT_ERROR(BadInput().edit("incidents.csv", "login_ok,binary", "login_ok,ratio"),
               "incidents.csv:3: column 'kpi_kind': kpi_kind is 'ratio', expected 'real' or 'binary'");
  EXPECT_ERROR(BadInput().edit("incidents.csv", "binary,1,", "binary,yes,"),
               "incidents.csv:3: column 'higher_is_better': 'yes' is not 0 or 1");
}

TEST(ImportErrors, MalformedTruthId) {
  EXPECT_ERROR(BadInput().edit("incidents.csv", "lifecycle:first_session", "lifecycle:third_session"),
               "incidents.csv:3: column 'truth': truth id 'lifecycle:third_session' is malformed");
  EXPECT_ERROR(BadInput().edit("incidents.csv", "isp:ISP-2&url:/api/otp", "/api/otp"),
               "incidents.csv:2: column 'truth': truth id '/api/otp' is malformed");
}

TEST(ImportErrors, DuplicateSessionIdWithinAnIncident) {
  EXPECT_ERROR(BadInput().edit("sessions.csv", "inc-login,12,", "inc-login,10,"),
               "sessions.csv:5: column 'session_id': duplicate session id '10' in incident 'inc-login' (first on line 2)");
}

// The same session id in two incidents is fine (fixture: 10 in both); a duplicate incident is not.
TEST(ImportErrors, DuplicateIncidentId) {
  EXPECT_ERROR(BadInput().edit("incidents.csv", "\"inc,2\"", "inc-login"),
               "incidents.csv:3: column 'incident_id': duplicate incident id 'inc-login' (first on line 2)");
}

TEST(ImportErrors, UnknownStatusAndBrokenQuoting) {
  EXPECT_ERROR(BadInput().edit("events.csv", "100,error", "100,failed"),
               "events.csv:8: column 'status': 'failed' is not a status; expected one of ok, error, timeout");
  EXPECT_ERROR(BadInput().edit("events.csv", "\"/api/a,b\"", "\"/api/a,b"), "events.csv:9: a quoted field is not closed");
}

}  // namespace
}  // namespace moce
