// Building and writing cohort-aggregate tables.
#include "operators/io/aggregate_table.hpp"

#include "operators/io/corpus_format.hpp"
#include "operators/io/incident_index.hpp"
#include "runtime/error.hpp"

namespace moce::aggregates {

bool is_valid_attribute(const std::string& name) {
  if (name.empty() || corpus::is_reserved_dictionary(name)) return false;
  for (const char* own : {kBucket, kCount, kSum, kSumSquares})
    if (name == own) return false;
  return name.find_first_of(";|&:,") == std::string::npos;
}

AggregateBuilder::AggregateBuilder(std::vector<std::string> attributes, telemetry::DictionarySet& dicts)
    : attributes_(std::move(attributes)), codes_(attributes_.size()) {
  for (const auto& a : attributes_) {
    auto& dict = dicts.get(a);
    dict->set_name(a);
    dictionaries_.push_back(dict);
  }
}

void AggregateBuilder::add(double bucket, std::span<const std::string_view> values, double count, double sum,
                           double sum_squares) {
  bucket_.push_back(bucket);
  count_.push_back(count);
  sum_.push_back(sum);
  sum_squares_.push_back(sum_squares);
  for (std::size_t a = 0; a < attributes_.size(); ++a) codes_[a].push_back(dictionaries_[a]->intern(values[a]));
}

Relation AggregateBuilder::take() {
  Relation r;
  r.add(kBucket, Column::real(std::move(bucket_)));
  for (std::size_t a = 0; a < attributes_.size(); ++a)
    r.add(attributes_[a], Column::categorical(std::move(codes_[a]), dictionaries_[a]));
  r.add(kCount, Column::real(std::move(count_)))
      .add(kSum, Column::real(std::move(sum_)))
      .add(kSumSquares, Column::real(std::move(sum_squares_)));
  bucket_ = {}, count_ = {}, sum_ = {}, sum_squares_ = {};
  codes_.assign(attributes_.size(), {});
  return r;
}

void write(CorpusWriter& writer, const std::string& id, const Relation& table, const std::vector<std::string>& attributes,
           const std::string& kpi) {
  const auto group = corpus::aggregates_group(id);
  writer.append(group, table);
  std::string list;
  for (const auto& a : attributes) list += (list.empty() ? "" : ",") + a;
  writer.set_attribute(group, kCohortAttributesAttribute, list);
  writer.set_attribute(group, kKpisAttribute, kpi);
}

}  // namespace moce::aggregates
