// `moce import log` on the real Apache log (../shared/data/loghub): lines, times and templates as
// counted independently (grep, Python's calendar.timegm); and MoCE sec. 6.1's extensibility path
// on data nobody here wrote: a hand-built incident whose failures track the log's real error
// burst of Mon Dec 5 03:17:44 2005, aligned onto its anomaly start, and the server-log expert
// naming the burst's template.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>

#include "experts/log/log_error.hpp"
#include "operators/io/corpus_format.hpp"
#include "operators/io/import_log.hpp"
#include "runtime/error.hpp"
#include "tests/experts_support/incident_builder.hpp"
#include "tests/support/test_support.hpp"

namespace moce {
namespace {

const std::string kData = std::string(MOCE_SOURCE_DIR) + "/../shared/data/loghub/";
const std::string kLog = kData + "Apache_2k.log";
const std::string kTemplates = kData + "Apache_2k.log_templates.csv";
constexpr double kBurst = 1133752664;  // Mon Dec 5 03:17:44 2005 UTC: 36 error lines in the next hour, 2 in the 5 before
const std::string kBurstTemplate = "mod_jk child workerEnv in error state <*>";

TEST(ImportLog, ReadsTheApacheLog) {
  if (!std::filesystem::exists(kLog)) GTEST_SKIP() << "the loghub data is not at " << kData;
  const auto lines = read_log(kLog, kTemplates);
  ASSERT_EQ(lines.size(), 2000u);  // 1999 newlines, the last line unterminated
  EXPECT_EQ(lines[0].ts, 1133671664);  // calendar.timegm of Sun Dec 04 04:47:44 2005
  EXPECT_EQ(lines[0].level, "notice");
  EXPECT_EQ(lines[0].log_template, "workerEnv.init() ok <*>");
  std::map<std::string, int> levels, templates;
  for (const auto& l : lines) ++levels[l.level], ++templates[l.log_template];
  EXPECT_EQ(levels["error"], 595);  // grep -c '\] \[error\]'
  EXPECT_EQ(levels["notice"], 1405);
  EXPECT_EQ(templates[kBurstTemplate], 539);  // grep -c 'mod_jk child workerEnv in error state'
}

TEST(ImportLog, LogExpertFindsTheRealBurstTemplate) {
  if (!std::filesystem::exists(kLog)) GTEST_SKIP() << "the loghub data is not at " << kData;
  test::TempDir dir;
  test::IncidentBuilder b("apache", "failed", KpiKind::kBinary, /*higher_is_better=*/false);
  b.attributes({"isp"}).truth("log:" + kBurstTemplate).category("log");
  // Error lines of the log per five-minute bin, on the incident's clock (burst at anomaly start).
  const auto lines = read_log(kLog, kTemplates);
  const double shift = b.spec().anomaly.start - kBurst;
  std::map<long, int> errors;
  for (const auto& l : lines)
    if (l.level == "error") ++errors[static_cast<long>(std::floor((l.ts + shift - b.spec().historical.start) / 300))];
  // 40 sessions a bin over the 6 hours; failures track the bin's errors (1 + 3 per error line).
  const int bins = static_cast<int>((b.spec().anomaly.end - b.spec().historical.start) / 300);
  for (int bin = 0; bin < bins; ++bin) {
    const int failures = std::min(36, 1 + 3 * errors[bin]);
    for (int s = 0; s < 40; ++s) {
      test::TestSession session;
      session.start = b.spec().historical.start + 300.0 * bin + 7.0 * s;
      session.attrs = {s % 2 ? "A" : "B"};
      session.kpi = {s < failures ? 1.0 : 0.0};
      b.session(session);
    }
  }
  const auto corpus = b.write(dir.path().string());
  const auto out = dir.file("with_log.h5");
  LogImportOptions options;
  options.templates = kTemplates;
  options.corpus = corpus;
  options.align = cat("apache=", static_cast<std::int64_t>(kBurst));
  const auto summary = import_log(kLog, out, options);
  EXPECT_EQ(summary.lines, 2000);
  EXPECT_EQ(summary.templates, 6);
  EXPECT_EQ(summary.incidents, 1);
  auto reader = std::make_shared<const CorpusReader>(out);
  const auto specs = read_incident_index(*reader);
  ASSERT_EQ(specs.size(), 1u);
  EXPECT_EQ(reader->num_rows(corpus::logs_group("apache")), 2000);
  const auto input = experts::open_incident(reader, specs[0], test::world());
  const experts::LogError expert(nullptr);
  ASSERT_EQ(expert.applicability(input), "");
  const auto leads = test::run_expert(expert, input);
  EXPECT_EQ(test::rank_of(leads, "log:" + kBurstTemplate), 1u);
}

TEST(ImportLog, BadLineNamesFileAndLine) {
  test::TempDir dir;
  const auto log = dir.file("bad.log");
  std::ofstream(log) << "[Sun Dec 04 04:47:44 2005] [notice] workerEnv.init() ok /x\nnot a log line\n";
  std::ofstream(dir.file("t.csv")) << "EventId,EventTemplate\nE2,workerEnv.init() ok <*>\n";
  try {
    read_log(log, dir.file("t.csv"));
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("bad.log:2: expected '[Www Mmm dd hh:mm:ss yyyy] [level] message'"),
              std::string::npos)
        << e.what();
  }
}

}  // namespace
}  // namespace moce
