// Evaluation, printing and parsing of row predicates.
#include "operators/relational/predicate.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace moce {

enum class PredicateKind { kAll, kCompare, kInCodes, kInValues, kTimeWindow, kAnd, kOr, kNot };

struct Predicate::Node {
  PredicateKind kind = PredicateKind::kAll;
  std::string column;
  CompareOp op = CompareOp::kEq;
  bool integer_value = false;
  std::int64_t integer = 0;
  double real = 0;  // the compared value, or the window's start
  double end = 0;
  std::vector<std::int32_t> codes;
  std::vector<std::string> values;
  std::vector<std::shared_ptr<const Node>> children;
};

namespace {
using Node = Predicate::Node;
using Mask = std::vector<std::uint8_t>;

const char* op_text(CompareOp op) {
  switch (op) {
    case CompareOp::kLt:
      return "<";
    case CompareOp::kLe:
      return "<=";
    case CompareOp::kGt:
      return ">";
    case CompareOp::kGe:
      return ">=";
    case CompareOp::kEq:
      return "==";
    case CompareOp::kNe:
      return "!=";
  }
  return "?";
}

template <class T>
bool holds(T x, CompareOp op, T v) {
  switch (op) {
    case CompareOp::kLt:
      return x < v;
    case CompareOp::kLe:
      return x <= v;
    case CompareOp::kGt:
      return x > v;
    case CompareOp::kGe:
      return x >= v;
    case CompareOp::kEq:
      return x == v;
    case CompareOp::kNe:
      return x != v;
  }
  return false;
}

template <class T>
void compare_into(std::span<const T> xs, CompareOp op, T v, Mask& out) {
  // One loop per operator so the comparison vectorizes.
  auto run = [&](auto cmp) {
    for (std::size_t i = 0; i < xs.size(); ++i) out[i] = cmp(xs[i]) ? 1 : 0;
  };
  switch (op) {
    case CompareOp::kLt:
      run([v](T x) { return x < v; });
      break;
    case CompareOp::kLe:
      run([v](T x) { return x <= v; });
      break;
    case CompareOp::kGt:
      run([v](T x) { return x > v; });
      break;
    case CompareOp::kGe:
      run([v](T x) { return x >= v; });
      break;
    case CompareOp::kEq:
      run([v](T x) { return x == v; });
      break;
    case CompareOp::kNe:
      if constexpr (std::is_floating_point_v<T>)
        run([v](T x) { return x != v && !std::isnan(x); });
      else
        run([v](T x) { return x != v; });
      break;
  }
}

const Column& numeric(const Relation& rows, const std::string& name, const char* what) {
  const Column& c = rows.column(name);
  if (c.type() == ColumnType::kCategorical)
    throw Error(cat(what, " needs an int64 or double column, but '", name, "' is categorical"));
  return c;
}

const Column& categorical(const Relation& rows, const std::string& name) {
  const Column& c = rows.column(name);
  if (c.type() != ColumnType::kCategorical)
    throw Error(cat("membership needs a categorical column, but '", name, "' is ", to_string(c.type())));
  return c;
}

void in_set(std::span<const std::int32_t> codes, const std::vector<std::int32_t>& set, std::int32_t universe,
            Mask& out) {
  // A lookup table over the dictionary's codes; missing (-1) stays out.
  std::vector<std::uint8_t> member(static_cast<std::size_t>(universe) + 1, 0);
  for (auto c : set)
    if (c >= 0 && c < universe) member[static_cast<std::size_t>(c) + 1] = 1;
  for (std::size_t i = 0; i < codes.size(); ++i) out[i] = member[static_cast<std::size_t>(codes[i] + 1)];
}

Mask evaluate(const Node& node, const Relation& rows) {
  const std::size_t n = rows.num_rows();
  Mask out(n, 0);
  switch (node.kind) {
    case PredicateKind::kAll:
      std::fill(out.begin(), out.end(), 1);
      break;
    case PredicateKind::kCompare: {
      const Column& c = numeric(rows, node.column, "a comparison");
      if (c.type() == ColumnType::kInt64 && node.integer_value)
        compare_into<std::int64_t>(c.int64s(), node.op, node.integer, out);
      else if (c.type() == ColumnType::kDouble)
        compare_into<double>(c.reals(), node.op, node.real, out);
      else
        for (std::size_t i = 0; i < n; ++i)
          out[i] = holds(static_cast<double>(c.int64s()[i]), node.op, node.real) ? 1 : 0;
      break;
    }
    case PredicateKind::kInCodes: {
      const Column& c = categorical(rows, node.column);
      in_set(c.codes(), node.codes, c.dictionary()->size(), out);
      break;
    }
    case PredicateKind::kInValues: {
      const Column& c = categorical(rows, node.column);
      std::vector<std::int32_t> codes;
      for (auto& v : node.values) codes.push_back(c.dictionary()->find(v));
      in_set(c.codes(), codes, c.dictionary()->size(), out);
      break;
    }
    case PredicateKind::kTimeWindow: {
      const Column& c = numeric(rows, node.column, "a time window");
      double start = node.real, end = node.end;
      if (c.type() == ColumnType::kDouble) {
        auto t = c.reals();
        for (std::size_t i = 0; i < n; ++i) out[i] = (t[i] >= start && t[i] < end) ? 1 : 0;
      } else {
        auto t = c.int64s();
        for (std::size_t i = 0; i < n; ++i) {
          auto x = static_cast<double>(t[i]);
          out[i] = (x >= start && x < end) ? 1 : 0;
        }
      }
      break;
    }
    case PredicateKind::kAnd:
    case PredicateKind::kOr: {
      out = evaluate(*node.children[0], rows);
      for (std::size_t k = 1; k < node.children.size(); ++k) {
        Mask other = evaluate(*node.children[k], rows);
        if (node.kind == PredicateKind::kAnd)
          for (std::size_t i = 0; i < n; ++i) out[i] &= other[i];
        else
          for (std::size_t i = 0; i < n; ++i) out[i] |= other[i];
      }
      break;
    }
    case PredicateKind::kNot: {
      out = evaluate(*node.children[0], rows);
      for (auto& b : out) b ^= 1;
      break;
    }
  }
  return out;
}

std::string number(double x) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.17g", x);
  return buffer;
}

std::string print(const Node& node) {
  switch (node.kind) {
    case PredicateKind::kAll:
      return "true";
    case PredicateKind::kCompare:
      return cat(node.column, op_text(node.op), node.integer_value ? std::to_string(node.integer) : number(node.real));
    case PredicateKind::kInCodes: {
      std::string s = node.column + " in codes{";
      for (std::size_t i = 0; i < node.codes.size(); ++i) s += cat(i ? "," : "", node.codes[i]);
      return s + "}";
    }
    case PredicateKind::kInValues: {
      std::string s = node.column + " in {";
      for (std::size_t i = 0; i < node.values.size(); ++i) s += cat(i ? "," : "", node.values[i]);
      return s + "}";
    }
    case PredicateKind::kTimeWindow:
      return cat(node.column, " in [", number(node.real), ",", number(node.end), ")");
    case PredicateKind::kAnd:
    case PredicateKind::kOr: {
      std::string s = "(";
      for (std::size_t k = 0; k < node.children.size(); ++k)
        s += cat(k ? (node.kind == PredicateKind::kAnd ? " and " : " or ") : "", print(*node.children[k]));
      return s + ")";
    }
    case PredicateKind::kNot:
      return "not " + print(*node.children[0]);
  }
  return "?";
}

std::shared_ptr<Node> leaf(PredicateKind kind, std::string column) {
  auto node = std::make_shared<Node>();
  node->kind = kind;
  node->column = std::move(column);
  return node;
}
}  // namespace

Predicate Predicate::all() { return Predicate(std::make_shared<const Node>()); }

Predicate Predicate::compare(std::string column, CompareOp op, std::int64_t value) {
  auto node = leaf(PredicateKind::kCompare, std::move(column));
  node->op = op;
  node->integer_value = true;
  node->integer = value;
  node->real = static_cast<double>(value);
  return Predicate(std::move(node));
}

Predicate Predicate::compare(std::string column, CompareOp op, double value) {
  auto node = leaf(PredicateKind::kCompare, std::move(column));
  node->op = op;
  node->real = value;
  return Predicate(std::move(node));
}

Predicate Predicate::in_codes(std::string column, std::vector<std::int32_t> codes) {
  auto node = leaf(PredicateKind::kInCodes, std::move(column));
  std::sort(codes.begin(), codes.end());
  codes.erase(std::unique(codes.begin(), codes.end()), codes.end());
  node->codes = std::move(codes);
  return Predicate(std::move(node));
}

Predicate Predicate::in_values(std::string column, std::vector<std::string> values) {
  auto node = leaf(PredicateKind::kInValues, std::move(column));
  std::sort(values.begin(), values.end());
  values.erase(std::unique(values.begin(), values.end()), values.end());
  node->values = std::move(values);
  return Predicate(std::move(node));
}

Predicate Predicate::time_window(std::string column, double start, double end) {
  auto node = leaf(PredicateKind::kTimeWindow, std::move(column));
  node->real = start;
  node->end = end;
  return Predicate(std::move(node));
}

Predicate Predicate::cohort(std::string_view text) {
  Predicate out = all();
  bool first = true;
  std::size_t begin = 0;
  while (!text.empty() && begin <= text.size()) {
    std::size_t end = std::min(text.find('&', begin), text.size());
    std::string_view term = text.substr(begin, end - begin);
    std::size_t eq = term.find('=');
    if (eq == std::string_view::npos || eq == 0 || eq + 1 == term.size())
      throw InputError(cat("cohort '", text, "': term '", term, "' is not attr=value"));
    Predicate p = in_values(std::string(term.substr(0, eq)), {std::string(term.substr(eq + 1))});
    out = first ? p : (out && p);
    first = false;
    begin = end + 1;
  }
  return out;
}

Predicate operator&&(const Predicate& a, const Predicate& b) {
  auto node = std::make_shared<Node>();
  node->kind = PredicateKind::kAnd;
  node->children = {a.node_, b.node_};
  return Predicate(std::move(node));
}

Predicate operator||(const Predicate& a, const Predicate& b) {
  auto node = std::make_shared<Node>();
  node->kind = PredicateKind::kOr;
  node->children = {a.node_, b.node_};
  return Predicate(std::move(node));
}

Predicate operator!(const Predicate& a) {
  auto node = std::make_shared<Node>();
  node->kind = PredicateKind::kNot;
  node->children = {a.node_};
  return Predicate(std::move(node));
}

std::vector<std::uint8_t> Predicate::mask(const Relation& rows) const { return evaluate(*node_, rows); }

std::string Predicate::to_string() const { return print(*node_); }

std::vector<std::int64_t> rows_of(const std::vector<std::uint8_t>& mask) {
  std::vector<std::int64_t> rows;
  for (std::size_t i = 0; i < mask.size(); ++i)
    if (mask[i]) rows.push_back(static_cast<std::int64_t>(i));
  return rows;
}

}  // namespace moce
