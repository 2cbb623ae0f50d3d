// Corpus reader: format checks first, then typed hyperslab reads of column datasets.
#include "operators/io/corpus_reader.hpp"

#include <sys/stat.h>

#include "runtime/error.hpp"

namespace moce {

namespace {

std::string join_path(const std::string& group, const std::string& name) {
  return group == "/" ? "/" + name : group + "/" + name;
}

}  // namespace

CorpusReader::CorpusReader(std::string path) : path_(std::move(path)) {
  h5::quiet();
  struct stat info {};
  if (::stat(path_.c_str(), &info) != 0) throw CorpusError(cat("corpus '", path_, "': no such file"));
  if (!S_ISREG(info.st_mode)) throw CorpusError(cat("corpus '", path_, "': not a regular file"));
  htri_t is_hdf5 = H5Fis_hdf5(path_.c_str());
  if (is_hdf5 == 0) throw CorpusError(cat("corpus '", path_, "': not an HDF5 file (no HDF5 signature found)"));
  file_ = h5::owned_file(H5Fopen(path_.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT),
                         cat("corpus '", path_, "': cannot open; the file is truncated or corrupt"));
  auto root = h5::owned_group(H5Gopen2(file_.get(), "/", H5P_DEFAULT), where("/"));
  const std::string context = where("root attributes");
  if (!h5::has_attribute(root.get(), "format"))
    throw CorpusError(cat(context, ": attribute 'format' is missing; expected '", corpus::kFormat,
                          "' (is this a moce corpus?)"));
  auto format = h5::read_string_attribute(root.get(), "format", context);
  if (format != corpus::kFormat)
    throw CorpusError(cat(context, ": attribute 'format' is '", format, "', expected '", corpus::kFormat, "'"));
  provenance_.format_version = h5::read_int_attribute(root.get(), "format_version", context);
  if (provenance_.format_version != corpus::kFormatVersion)
    throw CorpusError(cat(context, ": format_version is ", provenance_.format_version, ", this moce reads version ",
                          corpus::kFormatVersion));
  auto text = [&](const char* name) {
    return h5::has_attribute(root.get(), name) ? h5::read_string_attribute(root.get(), name, context) : "";
  };
  auto number = [&](const char* name) {
    return h5::has_attribute(root.get(), name) ? h5::read_int_attribute(root.get(), name, context) : 0;
  };
  provenance_.seed = number("seed");
  provenance_.ranks = number("ranks");
  provenance_.config_text = text("config");
  provenance_.generator = text("generator");
  provenance_.git_sha = text("git_sha");
  provenance_.created = text("created");
}

bool CorpusReader::exists(const std::string& object) const { return object == "/" || h5::exists(file_.get(), object); }

bool CorpusReader::is_group(const std::string& object) const {
  if (!exists(object)) return false;
  H5O_info_t info{};
  h5::check(H5Oget_info_by_name(file_.get(), object.c_str(), &info, H5P_DEFAULT), where(object));
  return info.type == H5O_TYPE_GROUP;
}

std::vector<std::string> CorpusReader::members(const std::string& group) const {
  if (!is_group(group)) throw CorpusError(cat(where(group), ": group is missing"));
  auto g = h5::owned_group(H5Gopen2(file_.get(), group.c_str(), H5P_DEFAULT), where(group));
  return h5::children(g.get(), where(group));
}

std::int64_t CorpusReader::dataset_length(const std::string& dataset) const {
  if (!exists(dataset) || is_group(dataset)) throw CorpusError(cat(where(dataset), ": dataset is missing"));
  auto d = h5::owned_dataset(H5Dopen2(file_.get(), dataset.c_str(), H5P_DEFAULT), where(dataset));
  return static_cast<std::int64_t>(h5::checked_extent(d.get(), where(dataset)));
}

std::int64_t CorpusReader::num_rows(const std::string& group) const {
  auto names = members(group);
  if (names.empty()) return 0;
  const std::int64_t rows = dataset_length(join_path(group, names.front()));
  for (auto& name : names) {
    auto n = dataset_length(join_path(group, name));
    if (n != rows)
      throw CorpusError(cat(where(group), ": columns of unequal length: '", names.front(), "' has ", rows,
                            " rows but '", name, "' has ", n));
  }
  return rows;
}

Relation CorpusReader::read(const std::string& group) const { return read(group, {0, num_rows(group)}); }

Relation CorpusReader::read(const std::string& group, Share rows) const {
  const auto total = num_rows(group);
  if (rows.begin < 0 || rows.end < rows.begin || rows.end > total)
    throw CorpusError(cat(where(group), ": rows [", rows.begin, ", ", rows.end, ") outside its ", total, " rows"));
  Relation out;
  for (auto& name : members(group)) out.add(name, read_column(group, name, rows));
  return out;
}

Column CorpusReader::read_column(const std::string& group, const std::string& name, Share rows) const {
  const std::string path = join_path(group, name);
  const std::string context = where(path);
  auto d = h5::owned_dataset(H5Dopen2(file_.get(), path.c_str(), H5P_DEFAULT), context);
  auto type = h5::owned_type(H5Dget_type(d.get()), context);
  auto space = h5::owned_space(H5Dget_space(d.get()), context);
  hsize_t start = static_cast<hsize_t>(rows.begin), count = static_cast<hsize_t>(rows.count());
  auto mem = h5::owned_space(H5Screate_simple(1, &count, nullptr), context);
  if (count > 0)
    h5::check(H5Sselect_hyperslab(space.get(), H5S_SELECT_SET, &start, nullptr, &count, nullptr), context);
  auto read_into = [&](auto& buffer, hid_t mem_type) {
    if (count > 0)
      h5::check(H5Dread(d.get(), mem_type, mem.get(), space.get(), H5P_DEFAULT, buffer.data()),
                context + ": read failed (the file may be truncated or corrupt)");
  };
  const auto cls = H5Tget_class(type.get());
  const auto size = H5Tget_size(type.get());
  if (cls == H5T_FLOAT && size == 8) {
    std::vector<double> values(count);
    read_into(values, H5T_NATIVE_DOUBLE);
    return Column::real(std::move(values));
  }
  if (cls == H5T_INTEGER && size == 8) {
    std::vector<std::int64_t> values(count);
    read_into(values, H5T_NATIVE_INT64);
    return Column::int64(std::move(values));
  }
  if (cls == H5T_INTEGER && size == 4) {
    if (!h5::has_attribute(d.get(), corpus::kDictionaryAttribute))
      throw CorpusError(cat(context, ": an int32 column needs a 'dictionary' attribute naming its dictionary"));
    auto dict = dictionary(h5::read_string_attribute(d.get(), corpus::kDictionaryAttribute, context));
    std::vector<std::int32_t> codes(count);
    read_into(codes, H5T_NATIVE_INT32);
    for (auto code : codes)
      if (code != kMissingCode && (code < 0 || code >= dict->size()))
        throw CorpusError(cat(context, ": code ", code, " is outside its dictionary of ", dict->size(), " values"));
    return Column::categorical(std::move(codes), std::move(dict));
  }
  throw CorpusError(cat(context, ": unsupported column type; expected int64, float64, or int32 codes"));
}

std::vector<std::int64_t> CorpusReader::read_int64s(const std::string& dataset, Share rows) const {
  auto slash = dataset.rfind('/');
  auto column = read_column(slash == 0 ? "/" : dataset.substr(0, slash), dataset.substr(slash + 1), rows);
  if (column.type() != ColumnType::kInt64) throw CorpusError(cat(where(dataset), ": expected int64 values"));
  return {column.int64s().begin(), column.int64s().end()};
}

std::vector<double> CorpusReader::read_reals(const std::string& dataset, Share rows) const {
  auto slash = dataset.rfind('/');
  auto column = read_column(slash == 0 ? "/" : dataset.substr(0, slash), dataset.substr(slash + 1), rows);
  if (column.type() != ColumnType::kDouble) throw CorpusError(cat(where(dataset), ": expected float64 values"));
  return {column.reals().begin(), column.reals().end()};
}

Sequence CorpusReader::read_sequence(const std::string& group, const std::string& offsets) const {
  return read_sequence(group, offsets, {0, dataset_length(offsets) - 1});
}

Sequence CorpusReader::read_sequence(const std::string& group, const std::string& offsets, Share parts) const {
  const auto n_offsets = dataset_length(offsets);
  const auto rows = num_rows(group);
  if (n_offsets < 1 || parts.begin < 0 || parts.end < parts.begin || parts.end > n_offsets - 1)
    throw CorpusError(cat(where(offsets), ": parts [", parts.begin, ", ", parts.end, ") outside its ",
                          n_offsets - 1, " parts"));
  auto bounds = read_int64s(offsets, {parts.begin, parts.end + 1});
  for (std::size_t i = 1; i < bounds.size(); ++i)
    if (bounds[i] < bounds[i - 1])
      throw CorpusError(cat(where(offsets), ": offsets decrease at entry ", parts.begin + static_cast<std::int64_t>(i)));
  if (bounds.front() < 0 || bounds.back() > rows)
    throw CorpusError(cat(where(offsets), ": offsets point outside the ", rows, " rows of ", group));
  if (parts.end == n_offsets - 1 && bounds.back() != rows)
    throw CorpusError(cat(where(offsets), ": last offset is ", bounds.back(), " but ", group, " has ", rows, " rows"));
  auto relation = read(group, {bounds.front(), bounds.back()});
  const auto first = bounds.front();
  for (auto& b : bounds) b -= first;
  return Sequence(std::move(relation), std::move(bounds));
}

DictionaryPtr CorpusReader::dictionary(const std::string& name) const {
  if (auto it = dictionaries_.find(name); it != dictionaries_.end()) return it->second;
  const std::string path = std::string(corpus::kDictionaries) + "/" + name;
  if (!exists(path)) throw CorpusError(cat(where(path), ": dictionary is missing"));
  auto values = h5::read_strings(file_.get(), path, where(path));
  std::shared_ptr<const Dictionary> dict;
  try {
    dict = std::make_shared<const Dictionary>(std::move(values), name);
  } catch (const Error& e) {
    throw CorpusError(cat(where(path), ": ", e.what()));
  }
  dictionaries_[name] = dict;
  return dict;
}

std::vector<std::pair<std::string, std::string>> CorpusReader::attributes(const std::string& object) const {
  std::vector<std::pair<std::string, std::string>> out;
  auto obj = h5::Handle(h5::check(H5Oopen(file_.get(), object.c_str(), H5P_DEFAULT), where(object)), H5Oclose);
  H5O_info_t info{};
  h5::check(H5Oget_info(obj.get(), &info), where(object));
  for (hsize_t i = 0; i < info.num_attrs; ++i) {
    auto attr = h5::owned_attribute(
        H5Aopen_by_idx(obj.get(), ".", H5_INDEX_NAME, H5_ITER_INC, i, H5P_DEFAULT, H5P_DEFAULT), where(object));
    char name[256] = {};
    H5Aget_name(attr.get(), sizeof name, name);
    auto type = h5::owned_type(H5Aget_type(attr.get()), where(object));
    auto cls = H5Tget_class(type.get());
    std::string value;
    if (cls == H5T_STRING) value = h5::read_string_attribute(obj.get(), name, where(object));
    else if (cls == H5T_FLOAT) value = cat(h5::read_double_attribute(obj.get(), name, where(object)));
    else if (cls == H5T_INTEGER) value = cat(h5::read_int_attribute(obj.get(), name, where(object)));
    else value = "(unsupported type)";
    out.emplace_back(name, value);
  }
  return out;
}

std::string CorpusReader::string_attribute(const std::string& object, const std::string& name) const {
  auto obj = h5::Handle(h5::check(H5Oopen(file_.get(), object.c_str(), H5P_DEFAULT), where(object)), H5Oclose);
  return h5::read_string_attribute(obj.get(), name, where(object));
}

std::int64_t CorpusReader::int_attribute(const std::string& object, const std::string& name) const {
  auto obj = h5::Handle(h5::check(H5Oopen(file_.get(), object.c_str(), H5P_DEFAULT), where(object)), H5Oclose);
  return h5::read_int_attribute(obj.get(), name, where(object));
}

}  // namespace moce
