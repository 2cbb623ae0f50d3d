// Writes a corpus: relations as one chunked, compressed 1-D dataset per column, appended by
// all ranks of a context together, dictionaries and provenance at commit. Rank 0 alone holds the
// file (serial HDF5): each append gathers the other ranks' rows to it in one exchange per column,
// which costs far less than parallel HDF5's collective metadata and filtered writes (MPI-IO made
// every column of every append several synchronisations, and a 2-rank simulate 3-10x slower than
// 1 rank on a busy machine). The file is written under a temporary name and renamed by commit(),
// so a crash never leaves half a corpus under the final name.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <span>
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
  struct Placement {
    std::vector<std::int64_t> rows;   // per rank
    std::vector<std::int64_t> parts;  // per rank: a sequence's sessions
    std::int64_t offset = 0;          // rows of the ranks before this one
    std::int64_t total = 0;           // rows of all ranks
  };
  // One allgather: every rank's counts, checking that all ranks agree on `schema`.
  Placement place(std::int64_t rows, std::int64_t parts, std::uint64_t schema, const std::string& what) const;
  void write_relation(const std::string& group, const Relation& local, const Placement& placement);
  // Rank 0: the concatenation of every rank's `local` elements of `bytes` each (the others:
  // nothing). Returns `local` itself with one rank.
  const void* gather(const void* local, std::size_t bytes, std::span<const std::int64_t> counts,
                     std::vector<char>& buffer) const;
  // Rank 0: appends `rows` elements of `type` at `data` to the dataset `name` of `group`.
  void append_column(hid_t group, const std::string& group_path, const std::string& name, ColumnType type,
                     const void* data, std::int64_t rows);
  void register_dictionary(const std::string& name, const DictionaryPtr& dictionary);

  std::string path_;
  std::string temp_path_;
  std::unique_ptr<TempFileGuard> temp_guard_;  // SIGTERM/SIGINT remove the temporary too
  const Context& context_;
  corpus::Provenance provenance_;
  WriteOptions options_;
  h5::Handle file_;  // rank 0 only
  std::map<std::string, DictionaryPtr> dictionaries_;
  std::map<std::string, std::string> categorical_columns_;  // dataset path -> dictionary name
  std::vector<std::tuple<std::string, std::string, AttributeValue>> attributes_;
  std::int64_t bytes_appended_ = 0;
  bool committed_ = false;
};

}  // namespace moce
