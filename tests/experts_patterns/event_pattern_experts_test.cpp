// The n-gram, Minesweeper and HotNets event-sequence experts on hand-built incidents whose cause
// and counts are known by construction (pattern_incidents.hpp).
#include <gtest/gtest.h>

#include <cmath>

#include "experts/core/registry.hpp"
#include "experts/hotnets/event_sequence.hpp"
#include "experts/patterns/minesweeper_patterns.hpp"
#include "experts/patterns/ngram_patterns.hpp"
#include "runtime/config.hpp"
#include "tests/experts_patterns/pattern_incidents.hpp"
#include "tests/support/test_support.hpp"

namespace moce::test {
namespace {

using experts::Leads;

const std::string kCause = "pattern:tap_submit>tap_submit";

TEST(NGramPatterns, CauseFirstPastTheSymptomWithCountsByConstruction) {
  TempDir dir;
  const auto input = patterns::form_incident(/*symptom=*/true).open(dir.path().string());
  const experts::NGramPatterns expert(nullptr);
  const Leads leads = run_expert(expert, input);
  ASSERT_EQ(rank_of(leads, kCause), 1u);
  const auto& e = leads.leads[0].evidence;
  EXPECT_EQ(e.get("faulty_sessions"), 40);
  EXPECT_EQ(e.get("normal_sessions"), 5);
  EXPECT_EQ(e.get("faulty_total"), 40);
  EXPECT_EQ(e.get("normal_total"), 80);
  EXPECT_EQ(e.get("history_sessions"), 38);  // harmless double submits before the incident
  EXPECT_EQ(e.get("history_failure_rate"), 0);
  EXPECT_NEAR(leads.leads[0].confidence, 1.0 - 5.0 / 80.0, 1e-12);
  EXPECT_EQ(rank_of(leads, "pattern:oops"), 0u);  // a symptom already in the history
  // The same-support extensions ride along and are not reported.
  EXPECT_EQ(rank_of(leads, "pattern:fill_field>tap_submit>tap_submit"), 0u);
  EXPECT_EQ(rank_of(leads, "pattern:tap_submit>tap_submit>form_end"), 0u);
}

TEST(NGramPatterns, SymptomIsAMarkerAndNoNewHarmEitherWay) {
  // "oops" marked every failure in the history: it is dropped as an outcome marker (1 dropped).
  // With the marker filter off it is still no lead: its holders failed as often before the
  // incident, so the new-harm gate rejects it, and the cause stays first.
  TempDir dir;
  const auto input = patterns::form_incident(true).open(dir.path().string());
  EXPECT_EQ(run_expert(experts::NGramPatterns(nullptr), input).leads.at(0).evidence.get("outcome_markers_dropped"), 1);
  Config config;
  config.set("expert.ngram_patterns.marker_effect", "1.01");
  const Leads leads = run_expert(experts::NGramPatterns(&config), input);
  EXPECT_EQ(leads.leads.at(0).evidence.get("outcome_markers_dropped"), 0);
  EXPECT_EQ(rank_of(leads, kCause), 1u);
  EXPECT_EQ(rank_of(leads, "pattern:oops"), 0u);
}

TEST(NGramPatterns, PatternThatAlwaysFailedIsNotTheIncident) {
  // The double submit fails as often in the history as in the anomaly window: an old harm.
  auto b = patterns::form_builder("form_old_harm");
  for (int i = 0; i < 420; ++i) {
    const double t = i < 300 ? b.hist(i / 300.0) : b.anomaly((i - 300) / 120.0);
    const bool twice = i % 3 == 0;
    patterns::form_session(b, t, !twice, twice, false);
  }
  TempDir dir;
  EXPECT_TRUE(run_expert(experts::NGramPatterns(nullptr), b.open(dir.path().string())).empty());
  EXPECT_TRUE(run_expert(experts::HotNetsEventSequence(nullptr), b.open((dir.path() / "h").string())).empty());
  // The paper's Minesweeper compares test with control sessions only and reports it (the
  // baseline's blind spot); by default its new-harm gate rejects it too.
  Config paper;
  paper.set("expert.minesweeper.new_harm", "0");
  EXPECT_EQ(rank_of(run_expert(experts::MinesweeperPatterns(&paper), b.open((dir.path() / "m").string())), kCause), 1u);
  EXPECT_TRUE(run_expert(experts::MinesweeperPatterns(nullptr), b.open((dir.path() / "d").string())).empty());
}

TEST(NGramPatterns, NullIncidentGivesNoLead) {
  TempDir dir;
  const auto input = patterns::form_null().open(dir.path().string());
  EXPECT_TRUE(run_expert(experts::NGramPatterns(nullptr), input).empty());
}

TEST(Minesweeper, CauseFirstWithPrecisionAndRecall) {
  TempDir dir;
  const auto input = patterns::form_incident(/*symptom=*/false).open(dir.path().string());
  const experts::MinesweeperPatterns expert(nullptr);
  ASSERT_EQ(expert.applicability(input), "");
  const Leads leads = run_expert(expert, input);
  ASSERT_EQ(rank_of(leads, kCause), 1u);
  // Test: 40 failed anomaly sessions, all with the double submit. Control: 270 + 80 successful
  // sessions, 38 + 5 with it. Recall 1; precision 1 / (1 + 43/350); F1 = 2P / (P + 1).
  const auto& e = leads.leads[0].evidence;
  const double precision = 1.0 / (1.0 + 43.0 / 350.0);
  EXPECT_EQ(e.get("test_total"), 40);
  EXPECT_EQ(e.get("control_total"), 350);
  EXPECT_NEAR(e.get("recall"), 1.0, 1e-12);
  EXPECT_NEAR(e.get("precision"), precision, 1e-12);
  EXPECT_NEAR(leads.leads[0].confidence, 2 * precision / (precision + 1), 1e-12);
}

TEST(Minesweeper, SymptomLeadsUnlessOutcomeMarkersAreDropped) {
  TempDir dir;
  const auto input = patterns::form_incident(/*symptom=*/true).open(dir.path().string());
  // The paper's Minesweeper (filter off): "oops" is in every failed session and no successful
  // one (F1 = 1).
  Config paper;
  paper.set("expert.minesweeper.marker_effect", "1.01");
  paper.set("expert.minesweeper.new_harm", "0");
  EXPECT_EQ(rank_of(run_expert(experts::MinesweeperPatterns(&paper), input), "pattern:oops"), 1u);
  // The default drops the outcome marker.
  const Leads leads = run_expert(experts::MinesweeperPatterns(nullptr), input);
  EXPECT_EQ(rank_of(leads, "pattern:oops"), 0u);
  EXPECT_EQ(rank_of(leads, kCause), 1u);
}

TEST(Minesweeper, NullIncidentGivesNoLead) {
  TempDir dir;
  const auto input = patterns::form_null().open(dir.path().string());
  EXPECT_TRUE(run_expert(experts::MinesweeperPatterns(nullptr), input).empty());
}

TEST(Minesweeper, SkipsRealValuedAndContextFreeKpisWithAReason) {
  TempDir dir;
  IncidentBuilder real("latency", "form_ms", KpiKind::kReal, false);
  real.attributes({"region"}).context("form_begin", "form_end");
  for (int i = 0; i < 20; ++i) real.session({.start = real.hist(i / 20.0), .attrs = {"north"}, .kpi = {100.0 + i}, .events = {}});
  for (int i = 0; i < 20; ++i) real.session({.start = real.anomaly(i / 20.0), .attrs = {"north"}, .kpi = {200.0 + i}, .events = {}});
  const experts::MinesweeperPatterns expert(nullptr);
  const auto reason = expert.applicability(real.open((dir.path() / "real").string()));
  EXPECT_NE(reason.find("not binary"), std::string::npos) << reason;
  IncidentBuilder nocontext("nocontext", "ok", KpiKind::kBinary, true);
  nocontext.attributes({"region"});
  for (int i = 0; i < 20; ++i) nocontext.session({.start = nocontext.hist(i / 20.0), .attrs = {"north"}, .kpi = {1.0}, .events = {}});
  const auto why = expert.applicability(nocontext.open((dir.path() / "nocontext").string()));
  EXPECT_NE(why.find("no flow context"), std::string::npos) << why;
}

TEST(HotNetsEventSequence, CauseFirstAndShortestOfIdenticalSequences) {
  TempDir dir;
  const auto input = patterns::form_incident(/*symptom=*/false).open(dir.path().string());
  const Leads leads = run_expert(experts::HotNetsEventSequence(nullptr), input);
  ASSERT_EQ(rank_of(leads, kCause), 1u);
  const auto& e = leads.leads[0].evidence;
  EXPECT_NEAR(e.get("faulty_rate"), 1.0, 1e-12);
  EXPECT_NEAR(e.get("normal_rate"), 5.0 / 80.0, 1e-12);
  EXPECT_EQ(rank_of(leads, "pattern:fill_field>tap_submit>tap_submit"), 0u);
  EXPECT_EQ(e.get("history_sessions"), 38);
}

TEST(HotNetsEventSequence, NullIncidentGivesNoLead) {
  TempDir dir;
  const auto input = patterns::form_null().open(dir.path().string());
  EXPECT_TRUE(run_expert(experts::HotNetsEventSequence(nullptr), input).empty());
}

TEST(PatternExperts, Registered) {
  const auto& r = experts::builtin_registry();
  for (const char* name : {"ngram_patterns", "minesweeper", "hotnets_event_sequence", "log_error"})
    EXPECT_TRUE(r.has(name)) << name;
  EXPECT_EQ(r.make("minesweeper", nullptr)->info().family, "patterns");
  EXPECT_EQ(r.make("hotnets_event_sequence", nullptr)->info().family, "hotnets");
  EXPECT_EQ(r.make("log_error", nullptr)->info().family, "log");
}

}  // namespace
}  // namespace moce::test
