#include "eval/evaluate/analysis.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <map>
#include <random>
#include <set>

#include "eval/evaluate/shapley.hpp"

namespace moce::eval {

using experts::CombinedLead;
using experts::CombinerOptions;
using experts::ExpertOutput;
using experts::Leads;

std::string csv_field(const std::string& text) {
  if (text.find_first_of(",\"\n\r") == std::string::npos) return text;
  std::string out = "\"";
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string fixed6(double value) {
  if (std::isnan(value)) return "";
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.6f", value == 0 ? 0.0 : value);  // no "-0.000000"
  std::string s = buffer;
  if (s == "-0.000000") s = "0.000000";
  return s;
}

namespace {

// An incident with its experts' leads indexed like options.experts (null: did not run).
struct Prepared {
  const IncidentRecord* record = nullptr;
  std::vector<const Leads*> leads;
};

std::vector<Prepared> prepare(const std::vector<IncidentRecord>& records, const std::vector<ExpertId>& experts) {
  std::vector<Prepared> out;
  for (const auto& r : records) {
    Prepared p{&r, std::vector<const Leads*>(experts.size(), nullptr)};
    for (const auto& x : r.experts) {
      if (x.status != "ran") continue;
      for (std::size_t e = 0; e < experts.size(); ++e)
        if (experts[e].name == x.name) p.leads[e] = &x.leads;
    }
    out.push_back(std::move(p));
  }
  return out;
}

std::vector<CombinedLead> combine_mask(const Prepared& p, const std::vector<ExpertId>& experts, Coalition mask,
                                       const CombinerOptions& options) {
  std::vector<ExpertOutput> outputs;
  for (std::size_t e = 0; e < experts.size(); ++e)
    if (((mask >> e) & 1) && p.leads[e]) outputs.push_back({experts[e].name, p.leads[e]});
  return experts::combine(outputs, options);
}

std::vector<std::string> ids_of(const std::vector<CombinedLead>& leads) {
  std::vector<std::string> ids;
  ids.reserve(leads.size());
  for (const auto& l : leads) ids.push_back(l.id);
  return ids;
}

Coalition all_of(std::size_t n) { return n >= 64 ? ~Coalition{0} : (Coalition{1} << n) - 1; }

struct Scorer {
  const AnalysisOptions& options;
  CombinerOptions mixture;  // options.combiner with k = max(kMaxK, K)
  CombinerOptions alone;    // weight 1, same floor

  explicit Scorer(const AnalysisOptions& o) : options(o), mixture(o.combiner), alone() {
    // Every lead above the floor: recall and precision cut at K themselves, the set counts use all.
    mixture.k = std::numeric_limits<std::size_t>::max();
    alone.k = mixture.k;
    alone.floor = o.combiner.floor;
  }
  Score mixture_score(const Prepared& p, Coalition mask) const {
    return score_of(combine_mask(p, options.experts, mask, mixture), p);
  }
  Score alone_score(const Prepared& p, std::size_t expert) const {
    return score_of(combine_mask(p, options.experts, Coalition{1} << expert, alone), p);
  }
  Score score_of(const std::vector<CombinedLead>& leads, const Prepared& p) const {
    return score(ids_of(leads), p.record->truth, options.k, experts::answer_size(leads));
  }
};

std::string category_of(const IncidentRecord& r) { return r.is_null() ? "null" : r.category; }

// Aggregates scores of one scheme into rows per category, `all`, and `null`.
void add_rows(std::vector<SummaryRow>& rows, const std::string& scheme, const std::vector<Prepared>& incidents,
              const std::vector<Score>& scores, const std::vector<std::string>& categories,
              const AnalysisOptions& options, bool with_null = true) {
  auto row_for = [&](const std::string& category, const std::vector<std::size_t>& members) {
    SummaryRow row;
    row.scheme = scheme;
    row.category = category;
    row.incidents = members.size();
    row.recall.assign(kMaxK, 0);
    std::vector<double> at_k, precision;
    for (std::size_t i : members) {
      for (std::size_t k = 0; k < kMaxK; ++k) row.recall[k] += scores[i].recall[k];
      at_k.push_back(scores[i].recall_at(options.k));
      precision.push_back(scores[i].precision);
      row.set += scores[i].set;
    }
    for (auto& v : row.recall) v = members.empty() ? 0 : v / static_cast<double>(members.size());
    row.precision = mean(precision);
    row.recall_ci = bootstrap_mean(at_k, options.bootstrap, derive_seed(options.seed, scheme + "/" + category + "/recall"));
    row.precision_ci =
        bootstrap_mean(precision, options.bootstrap, derive_seed(options.seed, scheme + "/" + category + "/precision"));
    rows.push_back(std::move(row));
  };
  std::vector<std::size_t> all;
  for (const auto& c : categories) {
    std::vector<std::size_t> members;
    for (std::size_t i = 0; i < incidents.size(); ++i)
      if (!scores[i].null && category_of(*incidents[i].record) == c) members.push_back(i);
    all.insert(all.end(), members.begin(), members.end());
    if (!members.empty()) row_for(c, members);
  }
  std::sort(all.begin(), all.end());
  row_for("all", all);
  if (!with_null) return;
  SummaryRow null_row;
  null_row.scheme = scheme;
  null_row.category = "null";
  null_row.null = true;
  std::size_t alarms = 0;
  for (std::size_t i = 0; i < incidents.size(); ++i)
    if (scores[i].null) {
      ++null_row.incidents;
      alarms += scores[i].false_alarm ? 1 : 0;
      null_row.set += scores[i].set;
    }
  if (null_row.incidents == 0) return;
  null_row.false_alarm_rate = static_cast<double>(alarms) / static_cast<double>(null_row.incidents);
  rows.push_back(std::move(null_row));
}

double uniform01(std::mt19937_64& rng) { return static_cast<double>(rng() >> 11) * 0x1.0p-53; }

}  // namespace

std::vector<CombinedLead> combine_record(const IncidentRecord& record, const std::vector<std::string>& names,
                                         const CombinerOptions& options) {
  std::vector<ExpertOutput> outputs;
  for (const auto& x : record.experts)
    if (x.status == "ran" && (names.empty() || std::find(names.begin(), names.end(), x.name) != names.end()))
      outputs.push_back({x.name, &x.leads});
  return experts::combine(outputs, options);
}

Analysis analyze(const std::vector<IncidentRecord>& records, const AnalysisOptions& options) {
  Analysis out;
  const auto incidents = prepare(records, options.experts);
  const Scorer scorer(options);
  const std::size_t n_experts = options.experts.size();
  {
    std::set<std::string> cats;
    for (const auto& r : records)
      if (!r.is_null()) cats.insert(r.category);
    out.categories.assign(cats.begin(), cats.end());
  }
  const auto& categories = out.categories;

  // Scores of the mixture and of each expert alone, per incident.
  std::vector<Score> mixture_scores;
  for (const auto& p : incidents) mixture_scores.push_back(scorer.mixture_score(p, all_of(n_experts)));
  std::vector<std::vector<Score>> alone(n_experts);
  for (std::size_t e = 0; e < n_experts; ++e)
    for (const auto& p : incidents) alone[e].push_back(scorer.alone_score(p, e));

  add_rows(out.summary, "moce", incidents, mixture_scores, categories, options);
  for (const auto& b : options.baselines) {
    auto it = std::find_if(options.experts.begin(), options.experts.end(), [&](const ExpertId& x) { return x.name == b; });
    if (it == options.experts.end()) {
      out.notes.push_back("baseline '" + b + "' is not among the mixture's experts: skipped");
      continue;
    }
    add_rows(out.summary, b, incidents, alone[static_cast<std::size_t>(it - options.experts.begin())], categories,
             options);
  }
  // Best single expert per category, in hindsight (recall@K, then precision, then config order).
  if (n_experts > 0) {
    std::vector<Score> best(incidents.size());
    for (const auto& c : categories) {
      std::size_t chosen = 0;
      double best_recall = -1, best_precision = -1;
      for (std::size_t e = 0; e < n_experts; ++e) {
        double r = 0, p = 0;
        std::size_t n = 0;
        for (std::size_t i = 0; i < incidents.size(); ++i)
          if (!alone[e][i].null && category_of(*incidents[i].record) == c) {
            r += alone[e][i].recall_at(options.k);
            p += alone[e][i].precision;
            ++n;
          }
        if (n) r /= static_cast<double>(n), p /= static_cast<double>(n);
        if (r > best_recall + 1e-12 || (std::abs(r - best_recall) <= 1e-12 && p > best_precision + 1e-12)) {
          best_recall = r;
          best_precision = p;
          chosen = e;
        }
      }
      out.best_single.emplace_back(c, options.experts[chosen].name);
      for (std::size_t i = 0; i < incidents.size(); ++i)
        if (category_of(*incidents[i].record) == c) best[i] = alone[chosen][i];
    }
    for (std::size_t i = 0; i < incidents.size(); ++i)
      if (incidents[i].record->is_null()) best[i].null = true;
    add_rows(out.summary, "best_single", incidents, best, categories, options, /*with_null=*/false);
  }
  for (std::size_t e = 0; e < n_experts; ++e)
    add_rows(out.summary, "expert:" + options.experts[e].name, incidents, alone[e], categories, options);

  // Shapley values: v(S) = recall@K and precision of the mixture restricted to S, per category
  // and over all non-null incidents (entries 2c, 2c+1; the last pair is `all`).
  std::vector<std::size_t> category_index(incidents.size(), 0);
  for (std::size_t i = 0; i < incidents.size(); ++i)
    category_index[i] = static_cast<std::size_t>(
        std::find(categories.begin(), categories.end(), incidents[i].record->category) - categories.begin());
  const std::size_t groups = categories.size() + 1;
  auto value_of_experts = [&](Coalition mask) {
    std::vector<double> sums(2 * groups, 0), counts(groups, 0);
    for (std::size_t i = 0; i < incidents.size(); ++i) {
      if (incidents[i].record->is_null()) continue;
      const Score s = mask ? scorer.mixture_score(incidents[i], mask) : Score{false, std::vector<double>(kMaxK, 0), 0, false, {}};
      for (std::size_t g : {category_index[i], groups - 1}) {
        sums[2 * g] += s.recall_at(options.k);
        sums[2 * g + 1] += s.precision;
        counts[g] += 1;
      }
    }
    for (std::size_t g = 0; g < groups; ++g)
      if (counts[g] > 0) sums[2 * g] /= counts[g], sums[2 * g + 1] /= counts[g];
    return sums;
  };
  std::vector<std::string> families;
  for (const auto& x : options.experts)
    if (std::find(families.begin(), families.end(), x.family) == families.end()) families.push_back(x.family);
  std::vector<Coalition> family_members(families.size(), 0);
  for (std::size_t e = 0; e < n_experts; ++e)
    family_members[static_cast<std::size_t>(std::find(families.begin(), families.end(), options.experts[e].family) -
                                            families.begin())] |= Coalition{1} << e;
  if (n_experts > 0 && n_experts < 64) {
    const auto by_family = shapley_exact(static_cast<int>(families.size()), 2 * groups, [&](Coalition fmask) {
      Coalition mask = 0;
      for (std::size_t f = 0; f < families.size(); ++f)
        if ((fmask >> f) & 1) mask |= family_members[f];
      return value_of_experts(mask);
    });
    const bool exact = static_cast<int>(n_experts) <= options.shapley_exact_max;
    const auto by_expert = exact ? shapley_exact(static_cast<int>(n_experts), 2 * groups, value_of_experts)
                                 : shapley_permutation(static_cast<int>(n_experts), 2 * groups, value_of_experts,
                                                       options.shapley_permutations,
                                                       derive_seed(options.seed, "shapley"));
    out.shapley_expert_method = exact ? "exact" : "permutation";
    out.shapley_v_all = value_of_experts(all_of(n_experts))[2 * (groups - 1)];
    for (std::size_t g = 0; g < groups; ++g) {
      const std::string category = g + 1 == groups ? "all" : categories[g];
      for (std::size_t f = 0; f < families.size(); ++f) {
        out.shapley.push_back({"family:" + families[f], "family", category, by_family.value[f][2 * g],
                               by_family.value[f][2 * g + 1], 0, "exact"});
        if (g + 1 == groups) out.shapley_family_sum += by_family.value[f][2 * g];
      }
      for (std::size_t e = 0; e < n_experts; ++e) {
        out.shapley.push_back({options.experts[e].name, "expert", category, by_expert.value[e][2 * g],
                               by_expert.value[e][2 * g + 1], by_expert.stderr_[e][2 * g], out.shapley_expert_method});
        if (g + 1 == groups) out.shapley_expert_sum += by_expert.value[e][2 * g];
      }
    }
  }

  // Robustness (sec. 6.3): each lead of each expert is corrupted with probability f: its entity
  // becomes another id seen in the incident or a fake one, its confidence is redrawn.
  std::vector<double> fractions = options.robustness_fractions;
  if (fractions.empty())
    for (int i = 0; i <= 15; ++i) fractions.push_back(0.02 * i);
  for (std::size_t fi = 0; fi < fractions.size(); ++fi) {
    const double f = fractions[fi];
    RobustnessRow row;
    row.fraction = f;
    row.recall_min = 1e300;
    row.recall_max = -1e300;
    const std::size_t repeats = std::max<std::size_t>(1, options.robustness_repeats);
    for (std::size_t rep = 0; rep < repeats; ++rep) {
      std::vector<double> recall, precision;
      std::size_t nulls = 0, alarms = 0;
      for (const auto& p : incidents) {
        std::mt19937_64 rng(derive_seed(options.seed, "robustness/" + std::to_string(fi) + "/" + std::to_string(rep) +
                                                          "/" + p.record->id));
        std::set<std::string> pool_set;
        for (const Leads* l : p.leads)
          if (l)
            for (const auto& lead : l->leads) pool_set.insert(lead.id);
        const std::vector<std::string> pool(pool_set.begin(), pool_set.end());
        std::vector<Leads> corrupted(n_experts);
        Prepared q{p.record, std::vector<const Leads*>(n_experts, nullptr)};
        for (std::size_t e = 0; e < n_experts; ++e) {
          if (!p.leads[e]) continue;
          corrupted[e] = *p.leads[e];
          for (auto& lead : corrupted[e].leads) {
            if (uniform01(rng) >= f) continue;
            // Draw from the pool plus one fake id; never the lead's own id.
            for (int attempt = 0; attempt < 8; ++attempt) {
              const std::size_t pick = static_cast<std::size_t>(rng() % (pool.size() + 1));
              std::string id = pick < pool.size() ? pool[pick] : "corrupt:fake-" + std::to_string(rng() % 1000000);
              if (id != lead.id) {
                lead.id = std::move(id);
                break;
              }
            }
            lead.confidence = 1.0 - uniform01(rng);  // (0, 1]
          }
          q.leads[e] = &corrupted[e];
        }
        const Score s = scorer.mixture_score(q, all_of(n_experts));
        if (s.null) {
          ++nulls;
          alarms += s.false_alarm ? 1 : 0;
        } else {
          recall.push_back(s.recall_at(options.k));
          precision.push_back(s.precision);
        }
      }
      const double r = mean(recall);
      row.recall += r / static_cast<double>(repeats);
      row.precision += mean(precision) / static_cast<double>(repeats);
      row.false_alarm_rate += (nulls ? static_cast<double>(alarms) / static_cast<double>(nulls) : 0) /
                              static_cast<double>(repeats);
      row.recall_min = std::min(row.recall_min, r);
      row.recall_max = std::max(row.recall_max, r);
    }
    out.robustness.push_back(row);
  }
  return out;
}

std::string Analysis::summary_csv(std::size_t k) const {
  const std::string K = std::to_string(k);
  std::string out = "scheme,category,incidents";
  for (std::size_t i = 1; i <= kMaxK; ++i) out += ",recall_at_" + std::to_string(i);
  out += ",precision,recall_at_" + K + "_lo,recall_at_" + K + "_hi,precision_lo,precision_hi,false_alarm_rate,tp,fp,fn,f1\n";
  for (const auto& r : summary) {
    out += csv_field(r.scheme) + "," + csv_field(r.category) + "," + std::to_string(r.incidents);
    const std::string set = "," + std::to_string(r.set.tp) + "," + std::to_string(r.set.fp) + "," +
                            std::to_string(r.set.fn) + "," + (r.null ? "" : fixed6(f1(r.set))) + "\n";
    if (r.null) {
      out += std::string(kMaxK + 6, ',') + fixed6(r.false_alarm_rate) + set;
      continue;
    }
    for (double v : r.recall) out += "," + fixed6(v);
    out += "," + fixed6(r.precision) + "," + fixed6(r.recall_ci.lo) + "," + fixed6(r.recall_ci.hi) + "," +
           fixed6(r.precision_ci.lo) + "," + fixed6(r.precision_ci.hi) + "," + set;
  }
  return out;
}

std::string Analysis::shapley_csv() const {
  std::string out = "expert,category,shapley_recall_at_5,shapley_precision,stderr,level,method\n";
  for (const auto& r : shapley)
    out += csv_field(r.player) + "," + csv_field(r.category) + "," + fixed6(r.recall) + "," + fixed6(r.precision) +
           "," + fixed6(r.stderr_) + "," + r.level + "," + r.method + "\n";
  return out;
}

std::string Analysis::robustness_csv() const {
  std::string out = "fraction,recall_at_5,precision,false_alarm_rate,recall_at_5_min,recall_at_5_max\n";
  for (const auto& r : robustness)
    out += fixed6(r.fraction) + "," + fixed6(r.recall) + "," + fixed6(r.precision) + "," + fixed6(r.false_alarm_rate) +
           "," + fixed6(r.recall_min) + "," + fixed6(r.recall_max) + "\n";
  return out;
}

std::string per_incident_csv(const std::vector<IncidentRecord>& records, const AnalysisOptions& options) {
  std::string out = "incident,category,truth,scheme,rank,lead,score,correct,votes,answered\n";
  CombinerOptions mixture = options.combiner;
  mixture.k = options.k;
  CombinerOptions alone;
  alone.k = options.k;
  alone.floor = options.combiner.floor;
  for (const auto& r : records) {
    std::string truth;
    for (std::size_t i = 0; i < r.truth.size(); ++i) truth += (i ? ";" : "") + r.truth[i];
    std::set<std::string> causes;
    for (const auto& c : r.truth)
      for (auto& a : split_alternatives(c)) causes.insert(a);
    std::vector<std::string> all_names;
    for (const auto& x : options.experts) all_names.push_back(x.name);
    auto emit = [&](const std::string& scheme, const std::vector<CombinedLead>& leads) {
      const std::string prefix = csv_field(r.id) + "," + csv_field(category_of(r)) + "," + csv_field(truth) + "," +
                                 csv_field(scheme) + ",";
      if (leads.empty()) out += prefix + "0,,,,,\n";
      for (std::size_t i = 0; i < leads.size(); ++i) {
        std::string votes;
        for (const auto& v : leads[i].votes) votes += (votes.empty() ? "" : ";") + v.expert + "=" + exact(v.confidence);
        out += prefix + std::to_string(i + 1) + "," + csv_field(leads[i].id) + "," + exact(leads[i].score) + "," +
               (causes.count(leads[i].id) ? "1" : "0") + "," + csv_field(votes) + "," +
               (leads[i].answered ? "1" : "0") + "\n";
      }
    };
    emit("moce", combine_record(r, all_names, mixture));
    for (const auto& x : options.experts) emit("expert:" + x.name, combine_record(r, {x.name}, alone));
  }
  return out;
}

}  // namespace moce::eval
