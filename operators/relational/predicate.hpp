// Predicate: a row condition over a relation (comparisons, categorical membership, time windows,
// cohorts in the corpus' "attr=value&attr=value" syntax) and their AND/OR/NOT combinations.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "operators/data/relation.hpp"

namespace moce {

enum class CompareOp { kLt, kLe, kGt, kGe, kEq, kNe };

// An immutable expression tree; copies share nodes. Missing values never match a leaf: a NaN
// double fails every comparison (even !=) and time window, a missing categorical code
// (kMissingCode) is in no set; NOT of a leaf therefore does match them.
class Predicate {
 public:
  // Matches every row.
  static Predicate all();
  // column <op> value over an int64 or double column; an int64 column against an int64 value
  // compares exactly, every other pairing compares as doubles.
  static Predicate compare(std::string column, CompareOp op, std::int64_t value);
  static Predicate compare(std::string column, CompareOp op, double value);
  // A categorical column's code is one of `codes`.
  static Predicate in_codes(std::string column, std::vector<std::int32_t> codes);
  // A categorical column's value is one of `values`, resolved through the column's dictionary
  // when evaluated (a value the dictionary lacks matches nothing).
  static Predicate in_values(std::string column, std::vector<std::string> values);
  // start <= column < end, over an int64 or double time column.
  static Predicate time_window(std::string column, double start, double end);
  // A cohort "isp=ISP-3&os=android": the conjunction of attr=value terms; "" is everyone.
  // Throws InputError naming the text if a term is not attr=value.
  static Predicate cohort(std::string_view text);

  friend Predicate operator&&(const Predicate& a, const Predicate& b);
  friend Predicate operator||(const Predicate& a, const Predicate& b);
  friend Predicate operator!(const Predicate& a);

  // One byte per row of `rows`: 1 where the predicate holds. Throws Error naming a column that
  // is absent or of the wrong type.
  std::vector<std::uint8_t> mask(const Relation& rows) const;
  // Canonical text of the expression (stable, so it can key a memoized DAG node).
  std::string to_string() const;

  struct Node;

 private:
  explicit Predicate(std::shared_ptr<const Node> node) : node_(std::move(node)) {}
  std::shared_ptr<const Node> node_;
};

// The rows where `mask` is set, ascending.
std::vector<std::int64_t> rows_of(const std::vector<std::uint8_t>& mask);

}  // namespace moce
