// The tables from hand-made records: schemes recombined from cached leads, hindsight best
// expert, null false alarms, Shapley efficiency, robustness at f = 0, per-incident rows.
#include <gtest/gtest.h>

#include "eval/evaluate/analysis.hpp"

namespace moce::eval {
namespace {

ExpertRecord ran(const std::string& name, const std::string& family,
                 std::vector<std::pair<std::string, double>> leads) {
  ExpertRecord x{name, family, "ran", "", {}, 0};
  for (auto& [id, c] : leads) x.leads.leads.push_back({id, c, {}});
  return x;
}

std::vector<IncidentRecord> records() {
  std::vector<IncidentRecord> out;
  // a-0: url expert finds it first; cohort expert says something else.
  out.push_back({"a-0", "url", {"url:/x"}, 10, 1, 0,
                 {ran("u", "url", {{"url:/x", 0.9}}), ran("c", "cohort", {{"isp:a", 0.5}})}});
  // a-1: nobody finds it.
  out.push_back({"a-1", "url", {"url:/y"}, 10, 1, 0, {ran("u", "url", {{"url:/z", 0.9}}), ran("c", "cohort", {})}});
  // b-0: cohort expert finds one of two alternatives at rank 1.
  out.push_back({"b-0", "cohort", {"isp:b|city:q"}, 10, 1, 0,
                 {ran("u", "url", {}), ran("c", "cohort", {{"city:q", 0.8}, {"isp:z", 0.1}})}});
  // n-0: null incident; the url expert raises an alarm.
  out.push_back({"n-0", "null", {}, 10, 1, 0, {ran("u", "url", {{"url:/w", 0.4}}), ran("c", "cohort", {})}});
  return out;
}

AnalysisOptions options() {
  AnalysisOptions o;
  o.experts = {{"u", "url"}, {"c", "cohort"}};
  o.k = 5;
  o.baselines = {"c", "adtributor"};
  o.bootstrap = 200;
  o.robustness_fractions = {0.0, 0.5};
  o.robustness_repeats = 2;
  return o;
}

const SummaryRow& row(const Analysis& a, const std::string& scheme, const std::string& category) {
  for (const auto& r : a.summary)
    if (r.scheme == scheme && r.category == category) return r;
  throw std::runtime_error("no row " + scheme + "/" + category);
}

TEST(Analysis, SchemesFromCachedLeads) {
  const auto a = analyze(records(), options());
  EXPECT_EQ(a.categories, (std::vector<std::string>{"cohort", "url"}));
  // The mixture: a-0 found at rank 1 (0.9 > 0.5), a-1 not, b-0 at rank 1.
  EXPECT_EQ(row(a, "moce", "all").incidents, 3u);
  EXPECT_DOUBLE_EQ(row(a, "moce", "all").recall[4], 2.0 / 3);
  EXPECT_DOUBLE_EQ(row(a, "moce", "all").precision, 2.0 / 3);
  EXPECT_DOUBLE_EQ(row(a, "moce", "url").recall[0], 0.5);
  EXPECT_DOUBLE_EQ(row(a, "moce", "null").false_alarm_rate, 1.0);
  EXPECT_DOUBLE_EQ(row(a, "expert:u", "all").recall[4], 1.0 / 3);
  EXPECT_DOUBLE_EQ(row(a, "expert:c", "null").false_alarm_rate, 0.0);
  EXPECT_DOUBLE_EQ(row(a, "c", "cohort").recall[0], 1.0);  // a baseline is an expert alone
  ASSERT_EQ(a.notes.size(), 1u);                             // adtributor is not registered here
  // Best in hindsight: cohort -> c, url -> u; together 2 of 3.
  EXPECT_EQ(a.best_single, (std::vector<std::pair<std::string, std::string>>{{"cohort", "c"}, {"url", "u"}}));
  EXPECT_DOUBLE_EQ(row(a, "best_single", "all").recall[4], 2.0 / 3);
  const auto ci = row(a, "moce", "all").recall_ci;
  EXPECT_LE(ci.lo, 2.0 / 3);
  EXPECT_GE(ci.hi, 2.0 / 3);
}

TEST(Analysis, ShapleyIsEfficientAndRobustnessAtZeroIsTheMixture) {
  const auto a = analyze(records(), options());
  EXPECT_NEAR(a.shapley_expert_sum, a.shapley_v_all, 1e-12);
  EXPECT_NEAR(a.shapley_family_sum, a.shapley_v_all, 1e-12);
  EXPECT_NEAR(a.shapley_v_all, 2.0 / 3, 1e-12);
  // Each expert alone finds one incident, together two: each is worth 1/3.
  for (const auto& r : a.shapley)
    if (r.category == "all") EXPECT_NEAR(r.recall, 1.0 / 3, 1e-12) << r.player;
  ASSERT_EQ(a.robustness.size(), 2u);
  EXPECT_DOUBLE_EQ(a.robustness[0].recall, 2.0 / 3);
  EXPECT_DOUBLE_EQ(a.robustness[0].false_alarm_rate, 1.0);
  EXPECT_LE(a.robustness[1].recall, a.robustness[0].recall);
  // Permutation sampling keeps efficiency too.
  auto o = options();
  o.shapley_exact_max = 0;
  const auto sampled = analyze(records(), o);
  EXPECT_EQ(sampled.shapley_expert_method, "permutation");
  EXPECT_NEAR(sampled.shapley_expert_sum, sampled.shapley_v_all, 1e-12);
}

TEST(Analysis, PerIncidentRowsAndCsvQuoting) {
  const auto text = per_incident_csv(records(), options());
  EXPECT_NE(text.find("a-0,url,url:/x,moce,1,url:/x,"), std::string::npos) << text;
  EXPECT_NE(text.find(",1,u=0.90000000000000002,1\n"), std::string::npos) << text;  // answered: no relative floor
  EXPECT_NE(text.find("a-1,url,url:/y,expert:c,0,,,,,\n"), std::string::npos) << text;
  EXPECT_NE(text.find("b-0,cohort,isp:b|city:q,moce,1,city:q,"), std::string::npos) << text;
  EXPECT_EQ(csv_field("a,b"), "\"a,b\"");
  EXPECT_EQ(csv_field("say \"x\""), "\"say \"\"x\"\"\"");
  EXPECT_EQ(fixed6(-0.0), "0.000000");
  const auto a = analyze(records(), options());
  const auto summary = a.summary_csv(5);
  EXPECT_EQ(summary.substr(0, summary.find('\n')),
            "scheme,category,incidents,recall_at_1,recall_at_2,recall_at_3,recall_at_4,recall_at_5,recall_at_6,"
            "recall_at_7,recall_at_8,recall_at_9,recall_at_10,precision,recall_at_5_lo,recall_at_5_hi,precision_lo,"
            "precision_hi,false_alarm_rate,tp,fp,fn,f1");
  // Null row: the one alarm is a false positive; F1 is left empty.
  EXPECT_NE(summary.find("\nmoce,null,1,,,,,,,,,,,,,,,,1.000000,0,1,0,\n"), std::string::npos) << summary;
  // By hand (floor 0, every lead answered): a-0 TP url:/x, FP isp:a; a-1 FP url:/z, FN url:/y;
  // b-0 TP city:q, FP isp:z. TP 2, FP 3, FN 1: F1 = 4 / 8.
  const auto& all = row(a, "moce", "all");
  EXPECT_EQ(all.set.tp, 2u);
  EXPECT_EQ(all.set.fp, 3u);
  EXPECT_EQ(all.set.fn, 1u);
  EXPECT_NE(summary.find(",2,3,1,0.500000\n"), std::string::npos) << summary;
}

}  // namespace
}  // namespace moce::eval
