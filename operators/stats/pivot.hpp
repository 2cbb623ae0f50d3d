// Pivot: (row key, column key, value) rows -> a dense feature matrix, e.g. (session, URL,
// latency) -> sessions x URLs for the lasso of FlowModel (appendix A.1). The result owns its
// data (Eigen matrix, key vectors, the column dictionary), so it is safe as a node result.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <Eigen/Dense>

#include "operators/data/relation.hpp"
#include "runtime/dag/hash.hpp"

namespace moce {

struct FeatureMatrix {
  Eigen::MatrixXd values;                  // row i = row_keys[i], column j = column_codes[j]
  std::vector<std::int64_t> row_keys;      // ascending
  std::vector<std::int32_t> column_codes;  // ascending codes of the column key's dictionary
  DictionaryPtr column_dictionary;         // names the columns (e.g. the URLs)
  std::size_t bytes() const {
    return static_cast<std::size_t>(values.size()) * sizeof(double) + row_keys.size() * sizeof(std::int64_t) +
           column_codes.size() * sizeof(std::int32_t);
  }
};

// Rows: int64 `row_key` (kMissingInt64 rows are skipped), categorical `column_key` (missing codes
// skipped), numeric `value` (NaN values skipped). The matrix has one row per distinct row key
// and one column per code that occurs, both ascending; a cell is the reduction (mean, sum or
// count) of its values, and `fill` where it has none (e.g. 0, or NaN to see the gaps). A
// failure rate per cell is the mean of a failure flag (DeriveColumn::flag).
class Pivot {
 public:
  enum class Reduce { kMean, kSum, kCount };
  Pivot(std::string row_key, std::string column_key, std::string value, Reduce reduce = Reduce::kMean,
        double fill = 0.0);
  std::string_view name() const { return "pivot"; }
  void hash_params(Hasher& h) const;
  // Throws Error if a column is missing or of the wrong type.
  FeatureMatrix run(const Relation& rows) const;

 private:
  std::string row_key_, column_key_, value_;
  Reduce reduce_;
  double fill_;
};

}  // namespace moce
