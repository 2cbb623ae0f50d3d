// Writes a corpus: relations as one chunked, compressed 1-D dataset per column, appended by
// all ranks of a context together (collective MPI-IO), dictionaries and provenance at commit.
// The file is written under a temporary name and renamed by commit(), so a crash never leaves
// half a corpus under the final name.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <variant>
#include <vector>

#include "operators/data/relation.hpp"
#include "operators/data/sequence.hpp"
#include "operators/io/corpus_format.hpp"
#include "operators/io/hdf5.hpp"
#include "runtime/comm/context.hpp"
#include "runtime/temp_files.hpp"

namespace moce {

struct WriteOptions {
  int compression = 1;                  // deflate level 0..9; 0 writes uncompressed
  std::int64_t chunk_rows = 1 << 16;    // upper bound on rows per chunk
  // Deflate double columns too. Off by default: measured values (latencies, timestamps) only
  // shrink ~2x for most of the deflate time, while integer and categorical columns shrink 6-70x.
  bool compress_reals = false;
};

class CorpusWriter {
 public:
  using AttributeValue = std::variant<std::string, std::int64_t, double>;

  // Collective over `context`.
  CorpusWriter(std::string path, const Context& context, corpus::Provenance provenance, WriteOptions options = {});
  // Without commit(), discards the temporary file. Never collective, never throws.
  ~CorpusWriter();
  CorpusWriter(const CorpusWriter&) = delete;
  CorpusWriter& operator=(const CorpusWriter&) = delete;

  // Collective: appends every rank's `local` rows to the relation at `group`, in rank order.
  // Every rank passes the same columns; a rank may pass 0 rows. Categorical columns register
  // their dictionary under the dictionary's name, or the column's name if it has none.
  void append(const std::string& group, const Relation& local);
  // Collective: appends a sequence's rows to `group` and its CSR offsets (rebased to the
  // global row numbers) to the dataset `offsets`.
  void append_sequence(const std::string& group, const std::string& offsets, const Sequence& local);
  // Registers a dictionary explicitly (e.g. one no column uses yet). Same on every rank.
  void add_dictionary(const std::string& name, const Dictionary& dictionary);
  // Sets an attribute on a group (created if needed); the value must be the same on every rank.
  void set_attribute(const std::string& group, const std::string& name, AttributeValue value);
  // Collective: finishes the file, writes dictionaries and attributes, renames it into place.
  void commit();

  const std::string& path() const { return path_; }
  std::int64_t bytes_appended() const { return bytes_appended_; }  // local uncompressed bytes

 private:
  void append_column(hid_t group, const std::string& group_path, const std::string& name, const Column& column,
                     std::int64_t offset, std::int64_t total);
  void append_int64(const std::string& dataset_path, std::span<const std::int64_t> local);
  void register_dictionary(const std::string& name, const DictionaryPtr& dictionary);
  struct Placement {
    std::int64_t offset = 0;  // rows of the ranks before this one
    std::int64_t total = 0;   // rows of all ranks
  };
  Placement place(std::int64_t rows, std::uint64_t schema, const std::string& what) const;

  std::string path_;
  std::string temp_path_;
  std::unique_ptr<TempFileGuard> temp_guard_;  // SIGTERM/SIGINT remove the temporary too
  const Context& context_;
  corpus::Provenance provenance_;
  WriteOptions options_;
  h5::Handle file_;
  h5::Handle transfer_;  // dataset transfer properties: collective when ranks > 1
  std::map<std::string, DictionaryPtr> dictionaries_;
  std::map<std::string, std::string> categorical_columns_;  // dataset path -> dictionary name
  std::vector<std::tuple<std::string, std::string, AttributeValue>> attributes_;
  std::int64_t bytes_appended_ = 0;
  bool committed_ = false;
};

}  // namespace moce
