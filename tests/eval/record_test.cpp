// Records survive their JSON line bit for bit; torn lines are refused.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>

#include "eval/evaluate/files.hpp"
#include "eval/evaluate/record.hpp"

namespace moce::eval {
namespace {

IncidentRecord sample() {
  IncidentRecord r;
  r.id = "url_errors-00";
  r.category = "url_errors";
  r.truth = {"url:/a,b \"q\"", "isp:x|isp:y"};
  r.events = 1234;
  r.sessions = 56;
  r.seconds = 0.1;
  ExpertRecord e{"cohort_differential", "cohort", "ran", "", {}, 0.01};
  e.leads.leads.push_back({"log:GET \"/x\"\tfailed\n", 0.1 + 0.2, {}});
  e.leads.leads.push_back({"app_version:8.12", 1.0 / 3, {}});
  e.leads.leads.push_back({"城市:北京", 5e-324, {}});
  r.experts.push_back(e);
  r.experts.push_back({"minesweeper", "mle", "skipped", "serves conversion KPIs only", {}, 0});
  return r;
}

TEST(Record, RoundTripsExactly) {
  const auto r = sample();
  const auto line = to_json_line(r);
  EXPECT_EQ(line.find('\n'), std::string::npos);
  const auto back = parse_json_line(line);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->id, r.id);
  EXPECT_EQ(back->truth, r.truth);
  EXPECT_EQ(back->events, 1234);
  ASSERT_EQ(back->experts.size(), 2u);
  ASSERT_EQ(back->experts[0].leads.leads.size(), 3u);
  for (std::size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(back->experts[0].leads.leads[i].id, r.experts[0].leads.leads[i].id);
    EXPECT_EQ(back->experts[0].leads.leads[i].confidence, r.experts[0].leads.leads[i].confidence);  // bit for bit
  }
  EXPECT_EQ(back->experts[1].status, "skipped");
  EXPECT_EQ(back->experts[1].reason, "serves conversion KPIs only");
  EXPECT_EQ(to_json_line(*back), line);
}

TEST(Record, TornLinesAreRefused) {
  const auto line = to_json_line(sample());
  for (std::size_t cut : {std::size_t{0}, std::size_t{1}, line.size() / 2, line.size() - 1})
    EXPECT_FALSE(parse_json_line(line.substr(0, cut))) << cut;
}

TEST(Record, ProgressFilesDropATornTailAndRepairIt) {
  const auto dir = std::filesystem::temp_directory_path() / ("moce_progress_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  auto r1 = sample(), r2 = sample();
  r2.id = "url_errors-01";
  const auto path = (dir / "rank-0.jsonl").string();
  append_line(path, to_json_line(r1));
  {
    std::ofstream out(path, std::ios::app);
    out << to_json_line(r2).substr(0, 40);  // a run killed mid-write
  }
  std::ofstream((dir / "summary.csv.tmp").string()) << "stale";
  auto read = read_progress(dir.string(), /*repair=*/true);
  EXPECT_EQ(read.size(), 1u);
  EXPECT_TRUE(read.count("url_errors-00"));
  append_line(path, to_json_line(r2));
  read = read_progress(dir.string(), false);
  EXPECT_EQ(read.size(), 2u);
  EXPECT_EQ(count_progress_lines(dir.string()), 2u);
  EXPECT_EQ(remove_stale_temporaries(dir.string()), 1);
  write_atomic((dir / "a.csv").string(), "x,y\n");
  EXPECT_EQ(read_text((dir / "a.csv").string()), "x,y\n");
  EXPECT_FALSE(std::filesystem::exists(dir / "a.csv.tmp"));
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace moce::eval
