// Cohort-aggregate telemetry (/incidents/<id>/aggregates): what production OLAP stores keep
// instead of raw sessions. One row per (time bucket, leaf cohort) with the KPI's count, sum and
// sum of squares, so every window's mean and variance of a leaf cohort follow exactly; the
// cohort experts read it through the same leaf-cohort statistics relation they read from
// sessions (experts/workflows/cohort_statistics.hpp). Layout in operators/io/README.md.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "operators/data/relation.hpp"
#include "operators/io/corpus_format.hpp"
#include "operators/io/corpus_writer.hpp"
#include "operators/io/telemetry_csv/telemetry_tables.hpp"

namespace moce::corpus {
// The group of an incident's cohort-aggregate table.
inline std::string aggregates_group(const std::string& id) { return incident_group(id) + "/aggregates"; }
}  // namespace moce::corpus

namespace moce::aggregates {

// Column names. The cohort attributes sit between `bucket` and `count`, one categorical column each.
inline constexpr const char* kBucket = "bucket";   // float64: the bucket's start, Unix seconds
inline constexpr const char* kCount = "count";     // float64: observations (sessions, plays) in the row
inline constexpr const char* kSum = "sum";         // float64: sum of the KPI (failures for a 0/1 KPI)
inline constexpr const char* kSumSquares = "sumsq";  // float64: sum of the KPI's squares

// Whether `name` may be a cohort attribute of an aggregate table: not one of its own columns and
// not a dictionary the corpus layout reserves.
bool is_valid_attribute(const std::string& name);

// Collects one incident's rows as they stream in; categorical values are interned into the
// corpus-wide dictionaries of `dicts` (one per attribute, named after it).
class AggregateBuilder {
 public:
  AggregateBuilder(std::vector<std::string> attributes, telemetry::DictionarySet& dicts);
  // `values` holds one value per attribute, in the constructor's order.
  void add(double bucket, std::span<const std::string_view> values, double count, double sum, double sum_squares);
  std::size_t rows() const { return bucket_.size(); }
  // The relation in the corpus layout; the builder is empty afterwards.
  Relation take();

 private:
  std::vector<std::string> attributes_;
  std::vector<std::shared_ptr<Dictionary>> dictionaries_;
  std::vector<double> bucket_, count_, sum_, sum_squares_;
  std::vector<std::vector<std::int32_t>> codes_;
};

// Appends `table` (AggregateBuilder::take) as incident `id`'s aggregates, and records which
// columns are cohort attributes and which KPI the sums are of.
void write(CorpusWriter& writer, const std::string& id, const Relation& table, const std::vector<std::string>& attributes,
           const std::string& kpi);

}  // namespace moce::aggregates
