// DeriveColumn (sec. 4.1 Phi, a map over rows): a relation (or a sequence's rows) plus one new
// column computed from existing ones. The derivations experts need:
//   window_label: int64 period label from a time column: 1 inside the anomaly window [a0, a1),
//     else 0 inside the historical window [h0, h1), else -1 (outside both; NaN times too). The
//     anomaly window wins where the two overlap.
//   flag: double 1.0 where a categorical column's value is one of `values` (e.g. status in
//     {error, timeout} -> failure flag), 0.0 elsewhere, NaN where the code is missing.
//   map_values: a categorical column mapped through a {value -> token} table (e.g. event -> token
//     for the n-gram and pattern operators); the output is categorical over the tokens (in
//     first-appearance order of the table), values without a token become kMissingCode.
// Every parameter is hashed, so two derivations never share a node.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "operators/data/relation.hpp"
#include "operators/data/sequence.hpp"
#include "runtime/dag/hash.hpp"

namespace moce {

class DeriveColumn {
 public:
  enum class Kind { kWindowLabel, kFlag, kMapValues };

  static DeriveColumn window_label(std::string time_column, double historical_start, double historical_end,
                                   double anomaly_start, double anomaly_end, std::string as = "period");
  static DeriveColumn flag(std::string column, std::vector<std::string> values, std::string as);
  static DeriveColumn map_values(std::string column, std::vector<std::pair<std::string, std::string>> mapping,
                                 std::string as);

  std::string name() const;
  void hash_params(Hasher& h) const;

  // The input's columns (shared, not copied) then the new column `as`. Throws Error if a source
  // column is missing or of the wrong type, or if the relation already has a column `as`.
  Relation run(const Relation& rows) const;
  // The same over a sequence's rows; the parts are unchanged.
  Sequence run(const Sequence& events) const;
  // Only the new column.
  Column derive(const Relation& rows) const;

 private:
  DeriveColumn() = default;
  Kind kind_ = Kind::kWindowLabel;
  std::string column_;
  std::string as_;
  double windows_[4] = {0, 0, 0, 0};  // h0, h1, a0, a1
  std::vector<std::string> values_;
  std::vector<std::pair<std::string, std::string>> mapping_;
};

}  // namespace moce
