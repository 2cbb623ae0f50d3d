// Reads a corpus, checking its format first. Each rank may read just its share of rows.
// Every error names the file, the group or dataset, and what was expected.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "operators/data/relation.hpp"
#include "operators/data/sequence.hpp"
#include "operators/io/corpus_format.hpp"
#include "operators/io/hdf5.hpp"
#include "runtime/comm/context.hpp"

namespace moce {

class CorpusReader {
 public:
  // Opens read-only and checks the root attributes `format` and `format_version`.
  explicit CorpusReader(std::string path);

  const std::string& path() const { return path_; }
  const corpus::Provenance& provenance() const { return provenance_; }
  bool exists(const std::string& object) const;
  bool is_group(const std::string& object) const;
  // Members of a group, in the order they were written.
  std::vector<std::string> members(const std::string& group) const;

  // Row count of the relation at `group`; every column must have it.
  std::int64_t num_rows(const std::string& group) const;
  // The whole relation, or only rows [share.begin, share.end).
  Relation read(const std::string& group) const;
  Relation read(const std::string& group, Share rows) const;
  // Parts [parts.begin, parts.end) of the sequence stored as `group` + CSR `offsets`.
  Sequence read_sequence(const std::string& group, const std::string& offsets) const;
  Sequence read_sequence(const std::string& group, const std::string& offsets, Share parts) const;
  std::vector<std::int64_t> read_int64s(const std::string& dataset, Share rows) const;
  std::vector<double> read_reals(const std::string& dataset, Share rows) const;
  std::int64_t dataset_length(const std::string& dataset) const;

  DictionaryPtr dictionary(const std::string& name) const;
  std::vector<std::pair<std::string, std::string>> attributes(const std::string& object) const;  // as text
  std::string string_attribute(const std::string& object, const std::string& name) const;
  std::int64_t int_attribute(const std::string& object, const std::string& name) const;

 private:
  std::string where(const std::string& object) const { return "corpus '" + path_ + "', " + object; }
  Column read_column(const std::string& group, const std::string& name, Share rows) const;

  std::string path_;
  h5::Handle file_;
  corpus::Provenance provenance_;
  mutable std::map<std::string, DictionaryPtr> dictionaries_;
};

}  // namespace moce
