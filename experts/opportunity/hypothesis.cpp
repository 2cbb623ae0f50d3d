// Templates, names and the built-in grids; see hypothesis.hpp.
#include "experts/opportunity/hypothesis.hpp"

#include <cmath>
#include <sstream>

namespace moce::experts::opportunity {

namespace {

std::string number(double v) {
  std::ostringstream out;
  out << v;
  return out.str();
}

Atom atom(Template family, std::string column, Atom::Op op, double a, double b = 0) {
  return Atom{family, std::move(column), op, a, b};
}

// The grids: thresholds worth trying for each derived column.
std::vector<Atom> grid_atoms() {
  using Op = Atom::Op;
  std::vector<Atom> out;
  out.push_back(atom(Template::kStatic, "all", Op::kAtLeast, 1));
  for (double k : {1, 2, 3, 5, 10}) {
    out.push_back(atom(Template::kLifecycle, "session_index", Op::kAtMost, k));
    out.push_back(atom(Template::kLifecycle, "session_index", Op::kAbove, k));
  }
  for (double f : {6, 24, 72}) out.push_back(atom(Template::kLifecycle, "inactive_hours", Op::kAbove, f));
  out.push_back(atom(Template::kIndirect, "night", Op::kAtLeast, 1));
  out.push_back(atom(Template::kIndirect, "night", Op::kAtMost, 0));
  out.push_back(atom(Template::kIndirect, "weekend", Op::kAtLeast, 1));
  out.push_back(atom(Template::kIndirect, "weekend", Op::kAtMost, 0));
  for (double h : {0, 6, 12, 18}) out.push_back(atom(Template::kIndirect, "hour", Op::kRange, h, h + 6));
  for (double d : {60, 300, 900}) out.push_back(atom(Template::kStateful, "duration_sec", Op::kAbove, d));
  for (double r : {1, 2, 4}) out.push_back(atom(Template::kStateful, "retries", Op::kAtLeast, r));
  for (double w : {5, 20}) out.push_back(atom(Template::kStateful, "waiting_sec", Op::kAbove, w));
  for (double c : {1, 3}) out.push_back(atom(Template::kNonLocal, "log_errors", Op::kAtLeast, c));
  for (double q : {0.75, 0.9}) out.push_back(atom(Template::kNonLocal, "load_quantile", Op::kAtLeast, q));
  return out;
}

}  // namespace

const char* to_string(Template t) {
  switch (t) {
    case Template::kStatic: return "static";
    case Template::kEventPattern: return "event_pattern";
    case Template::kLifecycle: return "lifecycle";
    case Template::kIndirect: return "indirect";
    case Template::kStateful: return "stateful";
    case Template::kNonLocal: return "nonlocal";
  }
  return "?";
}

std::string Atom::name() const {
  if (column == "all") return "";
  if (column == "night") return a >= 1 ? "night" : "day";
  if (column == "weekend") return a >= 1 ? "weekend" : "weekday";
  if (column == "hour" && op == Op::kRange) return "hour[" + number(a) + "," + number(b) + ")";
  if (column == "load_quantile") return "load>=p" + number(std::round(a * 100));
  std::string base = column, unit;
  if (column == "inactive_hours") base = "inactive", unit = "h";
  if (column == "duration_sec") base = "duration", unit = "s";
  if (column == "waiting_sec") base = "waiting", unit = "s";
  const char* ops[] = {"<=", ">", ">=", "in"};
  return base + ops[static_cast<int>(op)] + number(a) + unit;
}

std::string PatternSpec::key() const {
  std::string out = map + "|";
  for (auto& e : ignore) out += e + ",";
  return out;
}

std::string Hypothesis::describe() const {
  std::string out = std::string(to_string(family)) + " ";
  if (family == Template::kEventPattern) {
    out += "k=" + std::to_string(pattern.k) + " M=" + pattern.map;
    if (!pattern.only.empty()) {
      out += " pattern=";
      for (std::size_t i = 0; i < pattern.only.size(); ++i) out += (i ? ">" : "") + pattern.only[i];
    }
  } else {
    out += atom.name();
  }
  if (!cross.empty()) out += " x " + cross;
  return out + " on " + kpi;
}

std::vector<Hypothesis> grid_hypotheses(const std::vector<std::string>& kpis,
                                        const std::vector<std::string>& cross_attributes) {
  std::vector<Hypothesis> out;
  for (auto& kpi : kpis) {
    for (int k = 1; k <= 3; ++k) {
      Hypothesis h;
      h.family = Template::kEventPattern;
      h.pattern.k = k;
      h.kpi = kpi;
      out.push_back(h);
    }
    for (auto& a : grid_atoms()) {
      Hypothesis h;
      h.family = a.family;
      h.atom = a;
      h.kpi = kpi;
      if (a.column != "all") out.push_back(h);  // "all" alone is the population, not a cohort
      for (auto& attribute : cross_attributes) {
        h.cross = attribute;
        out.push_back(h);
      }
    }
  }
  return out;
}

std::vector<Hypothesis> refine(const Hypothesis& h, const std::vector<std::string>& cross_attributes) {
  std::vector<Hypothesis> out;
  auto add = [&](Hypothesis n) {
    n.source = "refined";
    out.push_back(std::move(n));
  };
  if (h.family == Template::kEventPattern) {
    for (int k : {h.pattern.k - 1, h.pattern.k + 1})
      if (k >= 1 && k <= 4) {
        auto n = h;
        n.pattern.k = k;
        n.pattern.only.clear();
        add(n);
      }
    return out;
  }
  const auto atoms = grid_atoms();
  auto with = [&](const Atom& a, const std::string& cross) {
    auto n = h;
    n.family = a.family;
    n.atom = a;
    n.cross = cross;
    add(n);
  };
  // An informative attribute value: every derived atom crossed with its attribute.
  if (h.family == Template::kStatic) {
    for (auto& a : atoms)
      if (a.family != Template::kStatic) with(a, h.cross);
    return out;
  }
  // An informative atom alone: it crossed with every attribute.
  if (h.cross.empty()) {
    for (auto& attribute : cross_attributes) with(h.atom, attribute);
    return out;
  }
  // A crossed atom: the other atoms of its template on the same crossing, then nearby thresholds
  // (halved and doubled, and +-1 for counts), then the atom on the other crossings.
  for (auto& a : atoms)
    if (a.family == h.family && a.name() != h.atom.name()) with(a, h.cross);
  for (double f : {0.5, 2.0}) {
    auto n = h;
    n.atom.a = h.atom.column == "load_quantile" ? std::min(0.99, h.atom.a * (f < 1 ? 0.9 : 1.05))
                                                : std::round(h.atom.a * f * 100) / 100;
    if (n.atom.op == Atom::Op::kRange) n.atom.b = n.atom.a + (h.atom.b - h.atom.a);
    if (n.atom.a != h.atom.a && h.atom.column != "night" && h.atom.column != "weekend") add(n);
  }
  if (h.atom.column == "session_index" || h.atom.column == "retries" || h.atom.column == "log_errors")
    for (double d : {-1.0, 1.0}) {
      auto n = h;
      n.atom.a = h.atom.a + d;
      if (n.atom.a >= 0) add(n);
    }
  for (auto& attribute : cross_attributes)
    if (attribute != h.cross) with(h.atom, attribute);
  return out;
}

}  // namespace moce::experts::opportunity
