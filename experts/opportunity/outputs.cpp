// Output files; see outputs.hpp.
#include "experts/opportunity/outputs.hpp"

#include <cstdio>
#include <sstream>

namespace moce::experts::opportunity {

namespace {

std::string quote(const std::string& s) {
  std::string out = "\"";
  for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

std::string num(double v) {
  char b[64];
  std::snprintf(b, sizeof b, "%.6g", v);
  return b;
}

std::string pct(double v) {
  char b[64];
  std::snprintf(b, sizeof b, "%.2f%%", 100 * v);
  return b;
}

}  // namespace

std::string opportunities_csv(const FinderResult& result, const std::vector<Planted>& planted) {
  std::ostringstream out;
  out << "kpi,rank,cohort,template,hypothesis,user_share,session_share,kpi_inside,kpi_outside,effect,effect_lo,"
         "effect_hi,relative_effect,welch_p,bh_q,expert1,faulty_share,normal_share,expert2,robust_z,symptom,score,"
         "planted\n";
  std::string kpi;
  int rank = 0;
  for (auto& o : result.ranked) {
    rank = o.kpi == kpi ? rank + 1 : 1;
    kpi = o.kpi;
    out << quote(o.kpi) << ',' << rank << ',' << quote(o.cohort) << ',' << o.family << ',' << quote(o.hypothesis)
        << ',' << num(o.user_share) << ',' << num(o.session_share) << ',' << num(o.inside) << ',' << num(o.outside)
        << ',' << num(o.effect) << ',' << num(o.effect_lo) << ',' << num(o.effect_hi) << ',' << num(o.relative)
        << ',' << num(o.p) << ',' << num(o.q) << ',' << (o.expert1 ? 1 : 0) << ',' << num(o.faulty_share) << ','
        << num(o.normal_share) << ',' << (o.expert2 ? 1 : 0) << ',' << num(o.robust_z) << ','
        << (o.symptom ? 1 : 0) << ',' << num(o.score) << ',' << quote(planted_match(o, planted)) << '\n';
  }
  return out.str();
}

std::string planted_scores_csv(const std::vector<PlantedScore>& scores) {
  std::ostringstream out;
  out << "kpi,k,planted,found,recall,false_leads,related_leads\n";
  for (auto& s : scores)
    out << quote(s.kpi) << ',' << s.k << ',' << s.planted << ',' << s.found << ','
        << (s.planted ? num(static_cast<double>(s.found) / static_cast<double>(s.planted)) : "") << ','
        << s.false_leads << ',' << s.related << '\n';
  return out.str();
}

std::string report_md(const FinderResult& result, const std::vector<Planted>& planted,
                      const std::vector<PlantedScore>& scores, const ReportInfo& info) {
  std::ostringstream out;
  out << "# Opportunities (HotNets'25 finder)\n\n"
      << "- corpus: `" << info.corpus << "`, incident row `" << info.incident << "` (its whole time range)\n"
      << "- hypotheses: " << info.hypotheses_source << "; budget "
      << (info.budget > 0 ? std::to_string(info.budget) : std::string("none (the whole pool)"))
      << (info.feedback && info.budget > 0 ? ", spent by the feedback loop" : "") << "\n"
      << "- tested: " << result.hypotheses << " hypotheses, " << result.cohorts << " cohort tests, in "
      << result.rounds << " round(s), " << num(result.seconds) << " s on " << info.ranks << " rank(s)\n"
      << "- cohort tests by template:";
  for (auto& [family, n] : result.cohorts_by_template) out << " " << family << " " << n << ";";
  out << "\n"
      << "- one DAG: " << result.distinct_nodes << " distinct nodes against " << result.per_hypothesis_nodes
      << " if each hypothesis were computed alone\n"
      << "- git " << info.git_sha << "\n\n"
      << "A lead passes the cohort-vs-rest Welch test after Benjamini-Hochberg (q <= 0.01) and HotNets Expert 1 "
         "(>= 10% of faulty sessions at >= 2x the normal rate) or Expert 2 (sibling outlier or > 25% gap). The "
         "score is the lower 95% bound of the relative effect. Stateful cohorts are symptoms of the KPI itself "
         "and rank after the opportunities. Shares are of the sessions and users that have the KPI; a crossed cohort's "
         "outside is the rest of its attribute value, and its effect is net of the atom's own effect.\n";
  for (auto& kpi : info.kpis) {
    out << "\n## " << kpi << "\n\n| rank | cohort | users | sessions | inside | outside | effect [95%] | q | E1 | E2 |"
        << (info.has_truth ? " planted |" : "") << "\n|---|---|---|---|---|---|---|---|---|---|"
        << (info.has_truth ? "---|" : "") << "\n";
    int rank = 0;
    for (auto& o : leads_of(result, kpi)) {
      if (++rank > 10) break;
      out << "| " << rank << " | " << o.cohort << (o.symptom ? " (symptom)" : "") << " | " << pct(o.user_share)
          << " | " << pct(o.session_share) << " | " << num(o.inside) << " | " << num(o.outside) << " | "
          << num(o.effect) << " [" << num(o.effect_lo) << ", " << num(o.effect_hi) << "] | " << num(o.q) << " | "
          << (o.expert1 ? "yes" : "") << " | " << (o.expert2 ? "yes" : "") << " |";
      if (info.has_truth) out << " " << planted_match(o, planted) << " |";
      out << "\n";
    }
    if (rank == 0) out << "| - | no lead | | | | | | | | |" << (info.has_truth ? " |" : "") << "\n";
  }
  if (info.has_truth) {
    out << "\n## Planted opportunities\n\n| kpi | k | planted | found | false leads | related leads |\n"
        << "|---|---|---|---|---|---|\n";
    for (auto& s : scores)
      if (s.planted > 0)
        out << "| " << s.kpi << " | " << s.k << " | " << s.planted << " | " << s.found << " | " << s.false_leads
            << " | " << s.related << " |\n";
    out << "\nMissed in the top 10:";
    bool any = false;
    for (auto& p : planted) {
      bool found = false;
      int rank = 0;
      for (auto& o : leads_of(result, p.kpi)) {
        if (++rank > 10) break;
        found = found || planted_match(o, {p}) == p.name;
      }
      if (!found && std::find(info.kpis.begin(), info.kpis.end(), p.kpi) != info.kpis.end())
        out << (any ? ", " : " ") << p.name << " (" << p.kpi << ": " << p.cohort << ")", any = true;
    }
    out << (any ? "" : " none") << "\n";
  }
  return out.str();
}

}  // namespace moce::experts::opportunity
