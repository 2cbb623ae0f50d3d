// The `moce` program as a user runs it: help, exit codes, --config with overrides, and
// `moce inspect` on good and bad corpora (one line naming the problem, nonzero exit).
#include <gtest/gtest.h>

#include <fstream>

#include "tests/corpus/bad_corpora.hpp"
#include "tests/support/test_support.hpp"

namespace moce {
namespace {

test::CommandResult moce_run(const std::string& args) { return test::run_command(test::moce_binary() + " " + args); }

int line_count(const std::string& text) {
  int n = 0;
  for (char c : text) n += c == '\n';
  return n;
}

TEST(Cli, HelpListsEveryCommandAndExitsZero) {
  auto r = moce_run("--help");
  EXPECT_EQ(r.status, 0) << r.output;
  for (const char* c : {"simulate", "evaluate", "rca", "calibrate", "import", "inspect"})
    EXPECT_NE(r.output.find(std::string("  ") + c), std::string::npos) << c;
}

TEST(Cli, EverySubcommandHasHelp) {
  for (const char* c : {"simulate", "evaluate", "rca", "experts", "calibrate", "import", "export", "inspect", "demo"}) {
    auto r = moce_run(std::string(c) + " --help");
    EXPECT_EQ(r.status, 0) << c << ": " << r.output;
    EXPECT_NE(r.output.find("usage: moce"), std::string::npos) << c << ": " << r.output;
  }
}

TEST(Cli, UnknownCommandOrOptionIsAUsageError) {
  auto r = moce_run("frobnicate");
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(r.output, "moce: unknown command 'frobnicate' (see 'moce --help')\n");
  r = moce_run("inspect --bogus x.h5");
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.output.find("bogus"), std::string::npos) << r.output;
  r = moce_run("");
  EXPECT_EQ(r.status, 2);
}

TEST(Cli, MissingConfigFileIsNamed) {
  auto r = moce_run("calibrate --config /nonexistent/x.ini");
  EXPECT_NE(r.status, 0);
  EXPECT_NE(r.output.find("/nonexistent/x.ini"), std::string::npos) << r.output;
}

TEST(Cli, ConfigFileIsReadAndCommandLineOverridesIt) {
  test::TempDir dir;
  const auto ini = dir.file("demo.ini");
  std::ofstream(ini) << "# demo settings\nseed = 11\nincidents = 3\nsessions-per-incident = 20\n";
  auto r = moce_run("demo --config " + ini + " --seed 12 --out " + dir.file("d.h5"));
  ASSERT_EQ(r.status, 0) << r.output;
  r = moce_run("inspect " + dir.file("d.h5"));
  ASSERT_EQ(r.status, 0) << r.output;
  EXPECT_NE(r.output.find("seed: 12\n"), std::string::npos) << r.output;        // command line wins
  EXPECT_NE(r.output.find("incidents: 3 "), std::string::npos) << r.output;     // from the file
  EXPECT_NE(r.output.find("/incidents/demo-2/sessions: 20 rows"), std::string::npos) << r.output;
}

TEST(Cli, BadConfigValueNamesTheKeyAndRange) {
  test::TempDir dir;
  const auto ini = dir.file("demo.ini");
  std::ofstream(ini) << "incidents = 0\n";
  auto r = moce_run("demo --config " + ini + " --out " + dir.file("d.h5"));
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.output, "moce: error: config key 'incidents' (" + ini + ":1): 0 is outside the allowed range [1, 100000]\n");
  std::ofstream(ini) << "incidnets = 2\n";
  r = moce_run("demo --config " + ini + " --out " + dir.file("d.h5"));
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.output.find("unknown config key 'incidnets'"), std::string::npos) << r.output;
}

TEST(Cli, InspectPrintsGroupsRowsAndProvenance) {
  test::TempDir dir;
  ASSERT_EQ(moce_run("demo --out " + dir.file("d.h5") + " --sessions-per-incident 40").status, 0);
  auto r = moce_run("inspect " + dir.file("d.h5") + " --attributes");
  ASSERT_EQ(r.status, 0) << r.output;
  for (const char* expected : {"format: moce-corpus v1", "/incidents/demo-0/sessions: 40 rows x 8 columns",
                               "isp categorical:isp", "/incidents/index: 2 rows", "@kpis = login_time",
                               "incidents: 2 (sessions, events and offsets, or aggregates, consistent)", "git_sha: "})
    EXPECT_NE(r.output.find(expected), std::string::npos) << expected << "\n" << r.output;
}

// Every kind of bad corpus gives exit status 1 and exactly one line naming the file and problem.
TEST(Cli, InspectOnABadCorpusPrintsOneLineAndFails) {
  const std::vector<std::pair<test::BadKind, std::string>> cases = {
      {test::BadKind::kNotHdf5, "not an HDF5 file"},
      {test::BadKind::kTruncated, "truncated or corrupt"},
      {test::BadKind::kWrongFormat, "attribute 'format' is 'not-moce', expected 'moce-corpus'"},
      {test::BadKind::kWrongVersion, "format_version is 99, this moce reads version 1"},
      {test::BadKind::kMissingDataset, "/incidents/demo-0/events_offsets: dataset is missing"},
      {test::BadKind::kUnequalColumns, "columns of unequal length"},
      {test::BadKind::kBadCode, "code 77 is outside its dictionary"},
  };
  for (auto& [kind, message] : cases) {
    test::TempDir dir;
    auto path = test::make_bad_corpus(dir, kind);
    auto r = moce_run("inspect " + path);
    EXPECT_EQ(r.status, 1) << message << ": " << r.output;
    EXPECT_EQ(line_count(r.output), 1) << r.output;
    EXPECT_EQ(r.output.rfind("moce: error: corpus '" + path + "'", 0), 0u) << r.output;
    EXPECT_NE(r.output.find(message), std::string::npos) << r.output;
  }
  auto r = moce_run("inspect /nonexistent/corpus.h5");
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.output, "moce: error: corpus '/nonexistent/corpus.h5': no such file\n");
}

TEST(Cli, OutputInAMissingDirectoryFailsClearly) {
  auto r = moce_run("demo --out /nonexistent/dir/d.h5");
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(line_count(r.output), 1) << r.output;
  EXPECT_NE(r.output.find("cannot create corpus '/nonexistent/dir/d.h5'"), std::string::npos) << r.output;
}

}  // namespace
}  // namespace moce
