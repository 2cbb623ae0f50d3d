// The finder; see finder.hpp.
#include "experts/opportunity/finder.hpp"

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <set>
#include <tuple>

#include "experts/opportunity/cohort_stats.hpp"
#include "experts/opportunity/derived_columns.hpp"
#include "experts/workflows/session_tables.hpp"

namespace moce::experts::opportunity {

namespace {

// Records each hypothesis' nodes in the one graph; the runtime merges what hypotheses share.
class Compiler {
 public:
  Compiler(Graph& graph, const IncidentInput& input, const FinderOptions& options)
      : g_(graph), input_(input), options_(options), shard_(g_.call(LoadShard{&input})),
        logs_(g_.call(LoadLogs{&input})) {}

  Lazy<CohortTable> compile(const Hypothesis& h) {
    auto kpi = this->kpi(h.kpi);
    if (h.family == Template::kEventPattern) {
      auto tokens = g_.call(Tokenize{h.pattern.map, h.pattern.ignore}, shard_);
      return g_.call(GramStats{h.pattern.k, options_.min_gram_sessions, h.pattern.only, &input_}, tokens, kpi);
    }
    auto column = g_.call(DerivedColumn{&input_, h.atom.column}, shard_, logs_);
    std::vector<Lazy<std::vector<std::uint8_t>>> masks{g_.call(AtomMask{h.atom}, column)};
    return g_.call(CrossStats{{h.atom.name()}, h.cross, &input_}, masks, shard_, kpi);
  }
  Lazy<KpiValues> kpi(const std::string& name) {
    // The incident row states its own KPI's direction; other KPIs follow the option or the data.
    int higher = options_.higher_is_better;
    if (higher < 0 && name == input_.spec.kpi) higher = input_.spec.higher_is_better ? 1 : 0;
    return g_.call(LoadKpi{&input_, name, higher}, shard_);
  }
  // The nodes `id` needs (itself included): what the hypothesis would compute alone.
  std::int64_t cone(NodeId id) const {
    std::set<NodeId> seen;
    std::vector<NodeId> stack{id};
    while (!stack.empty()) {
      const auto n = stack.back();
      stack.pop_back();
      if (!seen.insert(n).second) continue;
      for (auto i : g_.node_inputs(n)) stack.push_back(i);
    }
    return static_cast<std::int64_t>(seen.size());
  }

 private:
  Graph& g_;
  const IncidentInput& input_;
  const FinderOptions& options_;
  Lazy<Shard> shard_;
  Lazy<Relation> logs_;
};

struct Tested {
  std::int64_t hypothesis;
  std::vector<Opportunity> cohorts;
  std::vector<Moments> moments, reference, atom_alone;
};

// A crossed atom is contrasted with its attribute value's sessions: the static hypothesis of the
// same crossing (one shared node).
Hypothesis value_cohorts(const Hypothesis& h) {
  Hypothesis s = h;
  s.family = Template::kStatic;
  s.atom = Atom{Template::kStatic, "all", Atom::Op::kAtLeast, 1, 0};
  return s;
}

std::vector<std::size_t> spread(std::size_t n, std::size_t take, const std::vector<std::uint8_t>& used) {
  std::vector<std::size_t> free;
  for (std::size_t i = 0; i < n; ++i)
    if (!used[i]) free.push_back(i);
  if (take >= free.size()) return free;
  std::vector<std::size_t> out;
  for (std::size_t j = 0; j < take; ++j) out.push_back(free[j * free.size() / take]);
  return out;
}

}  // namespace

FinderResult find_opportunities(const IncidentInput& input, const std::vector<Hypothesis>& pool_in,
                                const FinderOptions& options) {
  const auto t0 = std::chrono::steady_clock::now();
  Graph graph;
  Compiler compiler(graph, input, options);
  std::vector<Hypothesis> pool = pool_in;
  std::map<std::string, std::size_t> known;  // describe() -> index in the pool
  for (std::size_t i = 0; i < pool.size(); ++i) known.emplace(pool[i].describe(), i);
  std::vector<std::uint8_t> used(pool.size(), 0);
  const auto budget = options.budget > 0 ? static_cast<std::size_t>(options.budget) : pool.size();
  std::map<std::string, std::vector<Tested>> by_kpi;
  std::vector<double> best(pool.size(), -1e300);
  FinderResult result;

  auto run_round = [&](const std::vector<std::size_t>& chosen) {
    // Every partial table the round needs (each hypothesis, and for a crossed one its value
    // cohorts and its atom alone), summed over the ranks by one collective node.
    std::vector<Lazy<CohortTable>> parts;
    std::map<NodeId, std::size_t> slot;
    auto need = [&](const Hypothesis& h) {
      auto handle = compiler.compile(h);
      auto [it, fresh] = slot.try_emplace(handle.id(), parts.size());
      if (fresh) parts.push_back(handle);
      return it->second;
    };
    struct Need {
      std::size_t table, reference = SIZE_MAX, alone = SIZE_MAX;
    };
    std::vector<Need> needs;
    for (auto i : chosen) {
      const auto& h = pool[i];
      Need n{need(h)};
      result.per_hypothesis_nodes += compiler.cone(parts[n.table].id()) + 1;  // + its reduction
      if (!h.cross.empty() && h.family != Template::kStatic) {
        auto alone = h;
        alone.cross.clear();
        n.reference = need(value_cohorts(h));
        n.alone = need(alone);
      }
      needs.push_back(n);
    }
    const auto tables = graph.get(graph.call(ReduceTables{&input}, parts));
    for (std::size_t c = 0; c < chosen.size(); ++c) {
      const auto i = chosen[c];
      used[i] = 1;
      const auto& h = pool[i];
      const auto* table = &(*tables)[needs[c].table];
      auto kpi = graph.get(compiler.kpi(h.kpi));
      Tested t{static_cast<std::int64_t>(i), {}, table->moments, {}, {}};
      if (needs[c].reference != SIZE_MAX) {
        t.reference = (*tables)[needs[c].reference].moments;
        t.atom_alone.assign(t.moments.size(), (*tables)[needs[c].alone].moments.at(0));
      } else {
        t.reference.assign(t.moments.size(), kpi->total);
      }
      for (auto& c : table->cohorts) {
        Opportunity o;
        o.kpi = h.kpi;
        o.cohort = c;
        o.hypothesis = h.describe();
        o.family = to_string(h.family);
        o.group = static_cast<std::int64_t>(i);
        o.symptom = h.family == Template::kStateful;
        t.cohorts.push_back(std::move(o));
      }
      result.cohorts += static_cast<std::int64_t>(t.cohorts.size());
      result.cohorts_by_template[to_string(h.family)] += static_cast<std::int64_t>(t.cohorts.size());
      ++result.hypotheses;
      by_kpi[h.kpi].push_back(std::move(t));
    }
    // Validate every cohort tested so far for each KPI together (BH over all of them).
    for (auto& [name, tested] : by_kpi) {
      auto kpi = graph.get(compiler.kpi(name));
      std::vector<Opportunity> all;
      std::vector<Moments> moments, reference, atom_alone;
      for (auto& t : tested) {
        auto a = t.atom_alone;
        a.resize(t.moments.size());
        atom_alone.insert(atom_alone.end(), a.begin(), a.end());
        all.insert(all.end(), t.cohorts.begin(), t.cohorts.end());
        moments.insert(moments.end(), t.moments.begin(), t.moments.end());
        reference.insert(reference.end(), t.reference.begin(), t.reference.end());
      }
      validate(*kpi, moments, reference, atom_alone, all, kpi->total.users, options.validators);
      std::size_t k = 0;
      for (auto& t : tested)
        for (auto& o : t.cohorts) {
          o = all[k++];
          if (o.lead() && !o.symptom) best[static_cast<std::size_t>(t.hypothesis)] =
              std::max(best[static_cast<std::size_t>(t.hypothesis)], o.score);
        }
    }
    ++result.rounds;
  };

  if (!options.feedback || budget >= pool.size()) {
    run_round(spread(pool.size(), budget, used));
  } else {
    // Round 1: half the budget spread over the whole pool (every template and KPI).
    std::size_t spent = budget / 2;
    run_round(spread(pool.size(), spent, used));
    for (int r = 1; r < options.rounds && spent < budget; ++r) {
      const auto left = budget - spent;
      const auto take = r + 1 == options.rounds ? left : std::max<std::size_t>(1, left / 2);
      // Successive halving: the better half of the informative hypotheses propose neighbours.
      std::vector<std::size_t> order;
      for (std::size_t i = 0; i < pool.size(); ++i)
        if (used[i] && best[i] > 0) order.push_back(i);
      std::stable_sort(order.begin(), order.end(), [&](auto a, auto b) { return best[a] > best[b]; });
      order.resize((order.size() + 1) / 2);
      std::vector<std::size_t> chosen;
      for (auto i : order) {
        for (auto& n : refine(pool[i], options.cross)) {
          if (chosen.size() >= take) break;
          auto [it, fresh] = known.emplace(n.describe(), pool.size());
          if (!fresh) {  // already in the pool: take it if untested
            const auto j = it->second;
            if (!used[j] && std::find(chosen.begin(), chosen.end(), j) == chosen.end()) chosen.push_back(j);
            continue;
          }
          pool.push_back(n);
          used.push_back(0);
          best.push_back(-1e300);
          chosen.push_back(pool.size() - 1);
        }
        if (chosen.size() >= take) break;
      }
      if (chosen.size() < take) {  // nothing more to refine: continue the spread
        auto more = spread(pool.size(), take - chosen.size(), used);
        for (auto j : more)
          if (std::find(chosen.begin(), chosen.end(), j) == chosen.end()) chosen.push_back(j);
      }
      if (chosen.empty()) break;
      spent += chosen.size();
      run_round(chosen);
    }
  }
  // Rank: per KPI, opportunities by score, then symptoms; a cohort named twice keeps its best.
  for (auto& [name, tested] : by_kpi) {
    std::map<std::string, Opportunity> leads;
    for (auto& t : tested)
      for (auto& o : t.cohorts) {
        if (!o.lead()) continue;
        auto [it, fresh] = leads.try_emplace(o.cohort, o);
        if (!fresh && o.score > it->second.score) it->second = o;
      }
    // Sequences held by exactly the same sessions are one opportunity: the shortest names it.
    std::map<std::tuple<double, double, double>, std::string> shortest;
    auto tokens = [](const std::string& c) { return std::count(c.begin(), c.end(), '>'); };
    for (auto& [c, o] : leads) {
      if (o.family != "event_pattern") continue;
      auto [it, fresh] = shortest.try_emplace({o.inside, o.session_share, o.user_share}, c);
      if (!fresh && tokens(c) < tokens(it->second)) it->second = c;
    }
    // The combiner: each template's scores normalised by its best, so every template's strongest
    // leads compete on equal terms (as MoCE's combiner normalises each expert's confidences).
    std::map<std::string, double> family_best;
    for (auto& [c, o] : leads) family_best[o.family] = std::max(family_best[o.family], o.score);
    std::vector<Opportunity> list;
    for (auto& [c, o] : leads) {
      if (o.family == "event_pattern" && shortest[{o.inside, o.session_share, o.user_share}] != c) continue;
      list.push_back(o);
      list.back().combined = family_best[o.family] > 0 ? o.score / family_best[o.family] : 0;
    }
    std::stable_sort(list.begin(), list.end(), [](const Opportunity& a, const Opportunity& b) {
      if (a.symptom != b.symptom) return !a.symptom;
      if (a.combined != b.combined) return a.combined > b.combined;
      if (a.score != b.score) return a.score > b.score;
      return a.cohort < b.cohort;
    });
    result.ranked.insert(result.ranked.end(), list.begin(), list.end());
  }
  result.distinct_nodes = static_cast<std::int64_t>(graph.size());
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  result.seconds = input.group->allreduce(result.seconds, ReduceOp::kMax);
  return result;
}

std::vector<Opportunity> leads_of(const FinderResult& result, const std::string& kpi) {
  std::vector<Opportunity> out;
  for (auto& o : result.ranked)
    if (o.kpi == kpi) out.push_back(o);
  return out;
}

}  // namespace moce::experts::opportunity
