// Scoring against planted opportunities; see planted.hpp.
#include "experts/opportunity/planted.hpp"

#include <algorithm>
#include <sstream>

#include "runtime/error.hpp"

namespace moce::experts::opportunity {

namespace {

std::string trim(const std::string& s) {
  const auto b = s.find_first_not_of(" \t\r");
  const auto e = s.find_last_not_of(" \t\r");
  return b == std::string::npos ? "" : s.substr(b, e - b + 1);
}

// One CSV line: fields separated by commas, "quoted" fields may hold commas and "" quotes.
std::vector<std::string> fields(const std::string& line) {
  std::vector<std::string> out(1);
  bool quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') out.back() += '"', ++i;
      else if (c == '"') quoted = false;
      else out.back() += c;
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      out.emplace_back();
    } else if (c != '\r') {
      out.back() += c;
    }
  }
  return out;
}

bool shares_atom(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  for (auto& x : a)
    if (std::find(b.begin(), b.end(), x) != b.end()) return true;
  return false;
}

}  // namespace

std::vector<std::string> atoms_of(const std::string& cohort) {
  std::vector<std::string> out;
  std::size_t pos = 0;
  while (pos <= cohort.size()) {
    const auto amp = cohort.find(" & ", pos);
    const auto part = trim(cohort.substr(pos, amp == std::string::npos ? std::string::npos : amp - pos));
    if (!part.empty()) out.push_back(part);
    if (amp == std::string::npos) break;
    pos = amp + 3;
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<Planted> parse_planted(const std::string& csv, const std::string& where) {
  std::istringstream in(csv);
  std::string line;
  if (!std::getline(in, line)) return {};
  const auto header = fields(line);
  auto column = [&](const std::string& name) {
    const auto it = std::find(header.begin(), header.end(), name);
    return it == header.end() ? -1 : static_cast<int>(it - header.begin());
  };
  const int kpi = column("kpi"), cohort = column("cohort"), name = column("name");
  if (kpi < 0 || cohort < 0) throw InputError(cat(where, ": line 1: expected a header with columns kpi and cohort"));
  std::vector<Planted> out;
  for (int n = 2; std::getline(in, line); ++n) {
    if (trim(line).empty()) continue;
    const auto f = fields(line);
    if (static_cast<int>(f.size()) != static_cast<int>(header.size()))
      throw InputError(cat(where, ": line ", n, ": expected ", header.size(), " fields, got ", f.size()));
    out.push_back({name >= 0 ? f[static_cast<std::size_t>(name)] : "planted_" + std::to_string(n - 1),
                   f[static_cast<std::size_t>(kpi)], f[static_cast<std::size_t>(cohort)]});
  }
  return out;
}

std::string planted_match(const Opportunity& lead, const std::vector<Planted>& planted) {
  const auto atoms = atoms_of(lead.cohort);
  for (auto& p : planted)
    if (p.kpi == lead.kpi && atoms_of(p.cohort) == atoms) return p.name;
  return "";
}

std::vector<PlantedScore> score_planted(const std::vector<Opportunity>& ranked, const std::vector<Planted>& planted,
                                        const std::vector<std::string>& kpis, const std::vector<int>& ks) {
  std::vector<PlantedScore> out;
  for (auto& kpi : kpis) {
    std::vector<const Opportunity*> leads;
    for (auto& o : ranked)
      if (o.kpi == kpi) leads.push_back(&o);
    std::vector<const Planted*> mine;
    for (auto& p : planted)
      if (p.kpi == kpi) mine.push_back(&p);
    for (int k : ks) {
      PlantedScore s;
      s.kpi = kpi;
      s.k = k;
      s.planted = static_cast<std::int64_t>(mine.size());
      std::vector<std::string> found;
      for (std::size_t r = 0; r < leads.size() && r < static_cast<std::size_t>(k); ++r) {
        const auto name = planted_match(*leads[r], planted);
        if (!name.empty()) {
          if (std::find(found.begin(), found.end(), name) == found.end()) found.push_back(name);
          continue;
        }
        const auto atoms = atoms_of(leads[r]->cohort);
        bool related = false;
        for (auto* p : mine) related = related || shares_atom(atoms, atoms_of(p->cohort));
        (related ? s.related : s.false_leads) += 1;
      }
      s.found = static_cast<std::int64_t>(found.size());
      out.push_back(s);
    }
  }
  return out;
}

}  // namespace moce::experts::opportunity
