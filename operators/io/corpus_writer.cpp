// Corpus writer: rank 0 holds the file and writes every column (serial HDF5); the other ranks
// send it their rows, one exchange per column of an append.
#include "operators/io/corpus_writer.hpp"

#include <unistd.h>

#include <cstdio>
#include <ctime>
#include <functional>

#include "runtime/error.hpp"
#include "runtime/version.hpp"

namespace moce {

namespace {

hid_t file_type(ColumnType type) {
  switch (type) {
    case ColumnType::kInt64: return H5T_STD_I64LE;
    case ColumnType::kDouble: return H5T_IEEE_F64LE;
    case ColumnType::kCategorical: return H5T_STD_I32LE;
  }
  return H5T_STD_I64LE;
}

hid_t memory_type(ColumnType type) {
  switch (type) {
    case ColumnType::kInt64: return H5T_NATIVE_INT64;
    case ColumnType::kDouble: return H5T_NATIVE_DOUBLE;
    case ColumnType::kCategorical: return H5T_NATIVE_INT32;
  }
  return H5T_NATIVE_INT64;
}

const void* column_data(const Column& c) {
  switch (c.type()) {
    case ColumnType::kInt64: return c.int64s().data();
    case ColumnType::kDouble: return c.reals().data();
    case ColumnType::kCategorical: return c.codes().data();
  }
  return nullptr;
}

std::size_t element_bytes(ColumnType type) { return type == ColumnType::kCategorical ? 4 : 8; }

std::string utc_now() {
  std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return text;
}

std::uint64_t fnv1a(std::uint64_t h, std::string_view s) {
  for (unsigned char c : s) h = (h ^ c) * 1099511628211ULL;
  return (h ^ 0xff) * 1099511628211ULL;
}

std::string parent_of(const std::string& path) { return path.substr(0, path.rfind('/')); }
std::string leaf_of(const std::string& path) { return path.substr(path.rfind('/') + 1); }

// Runs `step` on rank 0 only; every rank then throws rank 0's error, if any, so no rank hangs.
void on_root(const Context& context, const std::function<void()>& step) {
  std::string failure;
  if (context.rank() == 0) {
    try {
      step();
    } catch (const std::exception& e) {
      failure = e.what();
      if (failure.empty()) failure = "unknown error";
    }
  }
  context.broadcast(failure, 0);
  if (!failure.empty()) throw CorpusError(failure);
}

}  // namespace

CorpusWriter::CorpusWriter(std::string path, const Context& context, corpus::Provenance provenance,
                           WriteOptions options)
    : path_(std::move(path)), context_(context), provenance_(std::move(provenance)), options_(options) {
  h5::quiet();
  if (options_.compression < 0 || options_.compression > 9)
    throw ConfigError(cat("compression level ", options_.compression, " is outside 0..9"));
  if (options_.chunk_rows < 1) throw ConfigError(cat("chunk rows ", options_.chunk_rows, " must be >= 1"));
  if (context_.rank() == 0) {
    temp_path_ = cat(path_, ".tmp-", ::getpid());
    // What a killed (SIGKILL) writer of the same output left: its process is gone.
    const auto slash = path_.rfind('/');
    remove_dead_temporaries(slash == std::string::npos ? "." : path_.substr(0, slash + 1),
                            cat(path_.substr(slash == std::string::npos ? 0 : slash + 1), ".tmp-"));
  }
  context_.broadcast(temp_path_, 0);
  temp_guard_ = std::make_unique<TempFileGuard>(temp_path_);
  on_root(context_, [&] {
    file_ = h5::owned_file(H5Fcreate(temp_path_.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT),
                           cat("cannot create corpus '", path_, "' (as temporary file '", temp_path_, "')"));
  });
}

CorpusWriter::~CorpusWriter() {
  if (committed_) return;
  file_.reset();  // rank 0's serial file: closing it involves no other rank
  // Every rank knows the temporary name: whichever rank unwinds removes it, since a peer that
  // fails may bring the job down (MPI_Abort) before rank 0 gets to clean up.
  if (!temp_path_.empty()) std::remove(temp_path_.c_str());
}

void CorpusWriter::register_dictionary(const std::string& name, const DictionaryPtr& dictionary) {
  auto& slot = dictionaries_[name];
  if (!slot || dictionary->size() > slot->size()) {
    // Dictionaries only grow: a longer one must extend the one already registered.
    const auto& shorter = slot ? slot->values() : std::vector<std::string>{};
    for (std::size_t i = 0; i < shorter.size(); ++i)
      if (shorter[i] != dictionary->values()[i])
        throw CorpusError(cat(path_, ": two different dictionaries for '", name, "' (code ", i, " is '",
                              shorter[i], "' and '", dictionary->values()[i], "')"));
    slot = dictionary;
  } else if (dictionary != slot) {
    for (std::int32_t i = 0; i < dictionary->size(); ++i)
      if (dictionary->value(i) != slot->value(i))
        throw CorpusError(cat(path_, ": two different dictionaries for '", name, "' (code ", i, " is '",
                              slot->value(i), "' and '", dictionary->value(i), "')"));
  }
}

void CorpusWriter::add_dictionary(const std::string& name, const Dictionary& dictionary) {
  register_dictionary(name, std::make_shared<const Dictionary>(dictionary.values(), name));
}

void CorpusWriter::set_attribute(const std::string& group, const std::string& name, AttributeValue value) {
  attributes_.emplace_back(group, name, std::move(value));
}

// Where this rank's rows go: one allgather gives every rank's counts (hence the offset and the
// total) and checks that all ranks agree on `schema`; collectives are the cost of a small append.
CorpusWriter::Placement CorpusWriter::place(std::int64_t rows, std::int64_t parts, std::uint64_t schema,
                                            const std::string& what) const {
  struct Entry {
    std::int64_t rows, parts;
    std::uint64_t schema;
  };
  const auto all = context_.allgather(Entry{rows, parts, schema});
  Placement out;
  for (int r = 0; r < context_.size(); ++r) {
    const auto& e = all[static_cast<std::size_t>(r)];
    if (e.schema != schema) throw CorpusError(cat(path_, ": ranks disagree on the columns of ", what));
    if (r < context_.rank()) out.offset += e.rows;
    out.total += e.rows;
    out.rows.push_back(e.rows);
    out.parts.push_back(e.parts);
  }
  return out;
}

const void* CorpusWriter::gather(const void* local, std::size_t bytes, std::span<const std::int64_t> counts,
                                 std::vector<char>& buffer) const {
  if (context_.size() == 1) return local;
  const auto ranks = static_cast<std::size_t>(context_.size());
  const bool root = context_.rank() == 0;
  std::vector<std::int64_t> send(ranks, 0), receive(ranks, 0);
  send[0] = counts[static_cast<std::size_t>(context_.rank())] * static_cast<std::int64_t>(bytes);
  std::int64_t total = 0;
  for (std::size_t r = 0; r < ranks; ++r) {
    if (root) receive[r] = counts[r] * static_cast<std::int64_t>(bytes);
    total += receive[r];
  }
  buffer.resize(static_cast<std::size_t>(total));
  context_.alltoallv_bytes(local, send, buffer.data(), receive);
  return buffer.data();
}

namespace {
std::uint64_t schema_of(const Relation& r) {
  std::uint64_t schema = 1469598103934665603ULL;
  for (std::size_t i = 0; i < r.num_columns(); ++i)
    schema = fnv1a(fnv1a(schema, r.name(i)), to_string(r.column(i).type()));
  return schema;
}
}  // namespace

void CorpusWriter::append(const std::string& group, const Relation& local) {
  // Every rank must bring the same schema, or the exchanges below would not match.
  write_relation(group, local, place(static_cast<std::int64_t>(local.num_rows()), 0, schema_of(local), group));
}

void CorpusWriter::write_relation(const std::string& group, const Relation& local, const Placement& placement) {
  h5::Handle g;
  if (context_.rank() == 0) g = h5::open_or_create_group(file_.get(), group);
  std::vector<char> buffer;
  for (std::size_t i = 0; i < local.num_columns(); ++i) {
    const auto& column = local.column(i);
    const void* data = gather(column_data(column), element_bytes(column.type()), placement.rows, buffer);
    if (context_.rank() == 0) append_column(g.get(), group, local.name(i), column.type(), data, placement.total);
    if (column.type() == ColumnType::kCategorical) {
      const auto& dict = column.dictionary();
      const std::string name = dict->name().empty() ? local.name(i) : dict->name();
      register_dictionary(name, dict);
      categorical_columns_[group + "/" + local.name(i)] = name;
    }
  }
  bytes_appended_ += static_cast<std::int64_t>(local.bytes());
}

void CorpusWriter::append_column(hid_t group, const std::string& group_path, const std::string& name,
                                 ColumnType type, const void* data, std::int64_t rows) {
  const std::string where = cat(path_, ": dataset ", group_path, "/", name);
  h5::Handle dset;
  if (H5Lexists(group, name.c_str(), H5P_DEFAULT) > 0) {
    dset = h5::owned_dataset(H5Dopen2(group, name.c_str(), H5P_DEFAULT), where);
    auto file_type_of = h5::owned_type(H5Dget_type(dset.get()), where);
    if (H5Tequal(file_type_of.get(), file_type(type)) <= 0)
      throw CorpusError(cat(where, ": appending a ", to_string(type), " column to a dataset of another type"));
  } else {
    hsize_t zero = 0, unlimited = H5S_UNLIMITED;
    auto space = h5::owned_space(H5Screate_simple(1, &zero, &unlimited), where);
    auto dcpl = h5::owned_plist(H5Pcreate(H5P_DATASET_CREATE), where);
    // Chunks split the first append evenly (at least 1024 rows, at most chunk_rows), so small
    // relations stay small on disk and an uncompressed dataset written in one append has no
    // partly filled last chunk (with power-of-two chunks that wasted ~30% of the file).
    const auto limit = static_cast<hsize_t>(std::max<std::int64_t>(options_.chunk_rows, 1));
    const auto first = static_cast<hsize_t>(std::max<std::int64_t>(rows, 1));
    const hsize_t pieces = (first + limit - 1) / limit;
    hsize_t chunk = std::min(std::max<hsize_t>((first + pieces - 1) / pieces, 1024), limit);
    h5::check(H5Pset_chunk(dcpl.get(), 1, &chunk), where + ": chunking");
    if (options_.compression > 0 && (type != ColumnType::kDouble || options_.compress_reals)) {
      h5::check(H5Pset_shuffle(dcpl.get()), where + ": shuffle filter");
      h5::check(H5Pset_deflate(dcpl.get(), static_cast<unsigned>(options_.compression)), where + ": deflate");
    }
    dset = h5::owned_dataset(H5Dcreate2(group, name.c_str(), file_type(type), space.get(), H5P_DEFAULT,
                                        dcpl.get(), H5P_DEFAULT),
                             where + ": cannot create");
  }
  if (rows == 0) return;
  auto old_space = h5::owned_space(H5Dget_space(dset.get()), where);
  hsize_t current = 0;
  H5Sget_simple_extent_dims(old_space.get(), &current, nullptr);
  hsize_t count = static_cast<hsize_t>(rows);
  hsize_t extent = current + count;
  h5::check(H5Dset_extent(dset.get(), &extent), where + ": cannot extend");
  auto file_space = h5::owned_space(H5Dget_space(dset.get()), where);
  auto mem_space = h5::owned_space(H5Screate_simple(1, &count, nullptr), where);
  h5::check(H5Sselect_hyperslab(file_space.get(), H5S_SELECT_SET, &current, nullptr, &count, nullptr), where);
  h5::check(H5Dwrite(dset.get(), memory_type(type), mem_space.get(), file_space.get(), H5P_DEFAULT, data),
            where + ": write failed");
}

void CorpusWriter::append_sequence(const std::string& group, const std::string& offsets, const Sequence& local) {
  const auto local_offsets = local.offsets();
  const auto parts = static_cast<std::int64_t>(local_offsets.empty() ? 0 : local_offsets.size() - 1);
  const auto placement =
      place(static_cast<std::int64_t>(local.rows().num_rows()), parts, schema_of(local.rows()), group);
  // Rank 0: rows already in the relation before this append, so offsets continue where the
  // last append ended; the first append also stores the leading 0.
  std::int64_t before = 0;
  bool first_append = false;
  if (context_.rank() == 0) {
    first_append = !h5::exists(file_.get(), offsets);
    if (!first_append) {
      auto g = h5::owned_group(H5Gopen2(file_.get(), group.c_str(), H5P_DEFAULT), path_ + ": " + group);
      auto first = h5::children(g.get(), group).front();
      auto d = h5::owned_dataset(H5Dopen2(g.get(), first.c_str(), H5P_DEFAULT), path_ + ": " + group);
      auto s = h5::owned_space(H5Dget_space(d.get()), group);
      hsize_t n = 0;
      H5Sget_simple_extent_dims(s.get(), &n, nullptr);
      before = static_cast<std::int64_t>(n);
    }
  }
  write_relation(group, local.rows(), placement);
  // Each session's end, counted from the start of this append (this rank's rows follow those of
  // the ranks before it); rank 0 adds `before` once it has them all.
  std::vector<std::int64_t> ends;
  ends.reserve(static_cast<std::size_t>(parts));
  for (std::size_t i = 1; i < local_offsets.size(); ++i) ends.push_back(local_offsets[i] + placement.offset);
  std::vector<char> buffer;
  const auto* all =
      static_cast<const std::int64_t*>(gather(ends.data(), sizeof(std::int64_t), placement.parts, buffer));
  if (context_.rank() != 0) return;
  std::int64_t sessions = 0;
  for (auto p : placement.parts) sessions += p;
  std::vector<std::int64_t> global;
  global.reserve(static_cast<std::size_t>(sessions) + 1);
  if (first_append) global.push_back(0);
  for (std::int64_t i = 0; i < sessions; ++i) global.push_back(all[i] + before);
  auto parent = h5::open_or_create_group(file_.get(), parent_of(offsets));
  append_column(parent.get(), parent_of(offsets), leaf_of(offsets), ColumnType::kInt64, global.data(),
                static_cast<std::int64_t>(global.size()));
}

void CorpusWriter::commit() {
  // Ranks must agree on dictionaries: they are written once, from rank 0.
  std::uint64_t digest = 1469598103934665603ULL;
  for (auto& [name, dict] : dictionaries_) {
    digest = fnv1a(digest, name);
    for (auto& v : dict->values()) digest = fnv1a(digest, v);
  }
  if (context_.allreduce(digest, ReduceOp::kMin) != context_.allreduce(digest, ReduceOp::kMax))
    throw CorpusError(cat(path_, ": ranks disagree on the dictionaries; every rank must use the same ones"));
  provenance_.git_sha = git_sha();
  provenance_.ranks = context_.size();
  provenance_.created = utc_now();
  on_root(context_, [&] {
    auto dicts = h5::open_or_create_group(file_.get(), corpus::kDictionaries);
    for (auto& [name, dict] : dictionaries_) h5::write_strings(dicts.get(), name, dict->values());
    for (auto& [dataset, dict] : categorical_columns_) {
      auto d = h5::owned_dataset(H5Dopen2(file_.get(), dataset.c_str(), H5P_DEFAULT), path_ + ": " + dataset);
      h5::write_attribute(d.get(), corpus::kDictionaryAttribute, dict);
    }
    for (auto& [group, name, value] : attributes_) {
      auto g = h5::open_or_create_group(file_.get(), group);
      const std::string& attribute = name;  // clang 14 (the fuzz build) cannot capture a structured binding
      std::visit([&](const auto& v) { h5::write_attribute(g.get(), attribute, v); }, value);
    }
    auto root = h5::owned_group(H5Gopen2(file_.get(), "/", H5P_DEFAULT), path_);
    h5::write_attribute(root.get(), "format", std::string(corpus::kFormat));
    h5::write_attribute(root.get(), "format_version", corpus::kFormatVersion);
    h5::write_attribute(root.get(), "seed", provenance_.seed);
    h5::write_attribute(root.get(), "config", provenance_.config_text);
    h5::write_attribute(root.get(), "generator", provenance_.generator);
    h5::write_attribute(root.get(), "git_sha", provenance_.git_sha);
    h5::write_attribute(root.get(), "ranks", provenance_.ranks);
    h5::write_attribute(root.get(), "created", provenance_.created);
    root.reset();
    file_.close(cat(path_, ": closing the corpus failed"));
    if (std::rename(temp_path_.c_str(), path_.c_str()) != 0)
      throw CorpusError(cat("cannot rename '", temp_path_, "' to '", path_, "'"));
  });
  committed_ = true;
}

}  // namespace moce
