// HDF5 RAII handles and checked calls.
#include "operators/io/hdf5.hpp"

#include <algorithm>
#include <cstdlib>

#include "runtime/error.hpp"

namespace moce::h5 {

void quiet() {
  static const bool done = [] {
    H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
    return true;
  }();
  (void)done;
}

Handle& Handle::operator=(Handle&& other) noexcept {
  if (this != &other) {
    reset();
    id_ = other.id_;
    closer_ = other.closer_;
    other.id_ = H5I_INVALID_HID;
  }
  return *this;
}

void Handle::reset() noexcept {
  if (id_ >= 0 && closer_) closer_(id_);
  id_ = H5I_INVALID_HID;
}

void Handle::close(const std::string& context) {
  if (id_ < 0) return;
  hid_t id = id_;
  id_ = H5I_INVALID_HID;
  check(closer_(id), context);
}

std::string error_stack() {
  std::vector<std::string> messages;
  hid_t stack = H5Eget_current_stack();
  if (stack < 0) return "no HDF5 error detail";
  H5Ewalk2(
      stack, H5E_WALK_DOWNWARD,
      [](unsigned, const H5E_error2_t* e, void* data) -> herr_t {
        auto* out = static_cast<std::vector<std::string>*>(data);
        std::string text = e->desc ? e->desc : "";
        if (!text.empty() && (out->empty() || out->back() != text)) out->push_back(text);
        return 0;
      },
      &messages);
  H5Eclose_stack(stack);
  std::string joined;
  for (auto& m : messages) joined += (joined.empty() ? "" : "; ") + m;
  // Some HDF5 messages embed newlines (e.g. a ctime() stamp); errors must stay one line.
  for (auto& c : joined)
    if (c == '\n' || c == '\r') c = ' ';
  return joined.empty() ? "no HDF5 error detail" : joined;
}

hid_t check(hid_t status, const std::string& context) {
  if (status < 0) throw CorpusError(cat(context, " (HDF5: ", error_stack(), ")"));
  return status;
}

Handle owned_file(hid_t id, const std::string& c) { return {check(id, c), H5Fclose}; }
Handle owned_group(hid_t id, const std::string& c) { return {check(id, c), H5Gclose}; }
Handle owned_dataset(hid_t id, const std::string& c) { return {check(id, c), H5Dclose}; }
Handle owned_space(hid_t id, const std::string& c) { return {check(id, c), H5Sclose}; }
Handle owned_type(hid_t id, const std::string& c) { return {check(id, c), H5Tclose}; }
Handle owned_plist(hid_t id, const std::string& c) { return {check(id, c), H5Pclose}; }
Handle owned_attribute(hid_t id, const std::string& c) { return {check(id, c), H5Aclose}; }

bool exists(hid_t location, const std::string& path) {
  // H5Lexists needs every intermediate link to exist, so walk the path one step at a time.
  std::string prefix;
  std::size_t start = path.front() == '/' ? 1 : 0;
  if (start) prefix = "/";
  while (start <= path.size()) {
    auto slash = path.find('/', start);
    auto part = path.substr(start, slash == std::string::npos ? std::string::npos : slash - start);
    if (!part.empty()) {
      prefix += (prefix.empty() || prefix == "/" ? "" : "/") + part;
      if (H5Lexists(location, prefix.c_str(), H5P_DEFAULT) <= 0) return false;
    }
    if (slash == std::string::npos) break;
    start = slash + 1;
  }
  return true;
}

std::vector<std::string> children(hid_t group, const std::string& context) {
  unsigned flags = 0;
  auto gcpl = owned_plist(H5Gget_create_plist(group), context);
  check(H5Pget_link_creation_order(gcpl.get(), &flags), context);
  H5_index_t index = (flags & H5P_CRT_ORDER_INDEXED) ? H5_INDEX_CRT_ORDER : H5_INDEX_NAME;
  std::vector<std::string> names;
  hsize_t position = 0;
  check(H5Literate(group, index, H5_ITER_INC, &position,
                   [](hid_t, const char* name, const H5L_info_t*, void* data) -> herr_t {
                     static_cast<std::vector<std::string>*>(data)->emplace_back(name);
                     return 0;
                   },
                   &names),
        context + ": cannot list members");
  return names;
}

Handle open_or_create_group(hid_t file, const std::string& path) {
  Handle current = owned_group(H5Gopen2(file, "/", H5P_DEFAULT), "cannot open /");
  std::string so_far;
  std::size_t start = 0;
  while (start < path.size()) {
    auto slash = path.find('/', start);
    auto part = path.substr(start, slash == std::string::npos ? std::string::npos : slash - start);
    start = slash == std::string::npos ? path.size() : slash + 1;
    if (part.empty()) continue;
    so_far += "/" + part;
    if (H5Lexists(current.get(), part.c_str(), H5P_DEFAULT) > 0) {
      current = owned_group(H5Gopen2(current.get(), part.c_str(), H5P_DEFAULT), "cannot open group " + so_far);
    } else {
      auto gcpl = owned_plist(H5Pcreate(H5P_GROUP_CREATE), "group property list");
      check(H5Pset_link_creation_order(gcpl.get(), H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED),
            "link creation order");
      current = owned_group(H5Gcreate2(current.get(), part.c_str(), H5P_DEFAULT, gcpl.get(), H5P_DEFAULT),
                            "cannot create group " + so_far);
    }
  }
  return current;
}

Handle utf8_string_type() {
  auto type = owned_type(H5Tcopy(H5T_C_S1), "string type");
  check(H5Tset_size(type.get(), H5T_VARIABLE), "string type size");
  check(H5Tset_cset(type.get(), H5T_CSET_UTF8), "string type charset");
  return type;
}

namespace {

Handle scalar_space() { return owned_space(H5Screate(H5S_SCALAR), "scalar dataspace"); }

void replace_attribute(hid_t object, const std::string& name) {
  if (H5Aexists(object, name.c_str()) > 0) check(H5Adelete(object, name.c_str()), "delete attribute " + name);
}

template <class T>
void write_number(hid_t object, const std::string& name, T value, hid_t file_type, hid_t mem_type) {
  replace_attribute(object, name);
  auto space = scalar_space();
  auto attr = owned_attribute(H5Acreate2(object, name.c_str(), file_type, space.get(), H5P_DEFAULT, H5P_DEFAULT),
                              "create attribute " + name);
  check(H5Awrite(attr.get(), mem_type, &value), "write attribute " + name);
}

template <class T>
T read_number(hid_t object, const std::string& name, const std::string& context, hid_t mem_type) {
  if (H5Aexists(object, name.c_str()) <= 0) throw CorpusError(cat(context, ": attribute '", name, "' is missing"));
  auto attr = owned_attribute(H5Aopen(object, name.c_str(), H5P_DEFAULT), context + ": attribute " + name);
  auto type = owned_type(H5Aget_type(attr.get()), context);
  auto cls = H5Tget_class(type.get());
  if (cls != H5T_INTEGER && cls != H5T_FLOAT)
    throw CorpusError(cat(context, ": attribute '", name, "' should be a number"));
  T value{};
  check(H5Aread(attr.get(), mem_type, &value), context + ": read attribute " + name);
  return value;
}

}  // namespace

void write_attribute(hid_t object, const std::string& name, const std::string& value) {
  replace_attribute(object, name);
  auto type = utf8_string_type();
  auto space = scalar_space();
  auto attr = owned_attribute(H5Acreate2(object, name.c_str(), type.get(), space.get(), H5P_DEFAULT, H5P_DEFAULT),
                              "create attribute " + name);
  const char* text = value.c_str();
  check(H5Awrite(attr.get(), type.get(), &text), "write attribute " + name);
}
void write_attribute(hid_t object, const std::string& name, std::int64_t value) {
  write_number(object, name, value, H5T_STD_I64LE, H5T_NATIVE_INT64);
}
void write_attribute(hid_t object, const std::string& name, double value) {
  write_number(object, name, value, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE);
}

bool has_attribute(hid_t object, const std::string& name) { return H5Aexists(object, name.c_str()) > 0; }

std::string read_string_attribute(hid_t object, const std::string& name, const std::string& context) {
  if (!has_attribute(object, name)) throw CorpusError(cat(context, ": attribute '", name, "' is missing"));
  auto attr = owned_attribute(H5Aopen(object, name.c_str(), H5P_DEFAULT), context + ": attribute " + name);
  auto type = owned_type(H5Aget_type(attr.get()), context);
  if (H5Tget_class(type.get()) != H5T_STRING)
    throw CorpusError(cat(context, ": attribute '", name, "' should be a string"));
  if (H5Tis_variable_str(type.get()) > 0) {
    auto mem = utf8_string_type();
    char* text = nullptr;
    check(H5Aread(attr.get(), mem.get(), &text), context + ": read attribute " + name);
    std::string out = text ? text : "";
    H5free_memory(text);
    return out;
  }
  std::string out(H5Tget_size(type.get()), '\0');
  check(H5Aread(attr.get(), type.get(), out.data()), context + ": read attribute " + name);
  out.resize(out.find('\0') == std::string::npos ? out.size() : out.find('\0'));
  return out;
}

std::int64_t read_int_attribute(hid_t object, const std::string& name, const std::string& context) {
  return read_number<std::int64_t>(object, name, context, H5T_NATIVE_INT64);
}
double read_double_attribute(hid_t object, const std::string& name, const std::string& context) {
  return read_number<double>(object, name, context, H5T_NATIVE_DOUBLE);
}

void write_strings(hid_t location, const std::string& name, const std::vector<std::string>& values) {
  auto type = utf8_string_type();
  hsize_t n = values.size();
  auto space = owned_space(H5Screate_simple(1, &n, nullptr), "dataspace of " + name);
  auto dset = owned_dataset(
      H5Dcreate2(location, name.c_str(), type.get(), space.get(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT),
      "create dataset " + name);
  std::vector<const char*> pointers;
  for (auto& v : values) {
    // A variable-length HDF5 string ends at its first NUL: stored, "a\0b" would read back as "a"
    // (found by fuzzing `moce import rs`: a truth id then no longer parsed).
    if (v.find('\0') != std::string::npos)
      throw CorpusError(cat("strings '", name, "', value ", pointers.size(), ": holds a NUL byte, which an HDF5 string ",
                            "cannot store; expected text without NUL (check the input for binary data)"));
    pointers.push_back(v.c_str());
  }
  if (n) check(H5Dwrite(dset.get(), type.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, pointers.data()), "write " + name);
}

hsize_t checked_extent(hid_t dataset, const std::string& context) {
  auto space = owned_space(H5Dget_space(dataset), context);
  if (H5Sget_simple_extent_ndims(space.get()) != 1) throw CorpusError(context + ": expected a 1-D dataset");
  hsize_t n = 0;
  H5Sget_simple_extent_dims(space.get(), &n, nullptr);
  auto type = owned_type(H5Dget_type(dataset), context);
  const double element = static_cast<double>(std::max<std::size_t>(1, H5Tget_size(type.get())));
  const double stored = static_cast<double>(H5Dget_storage_size(dataset));
  if (static_cast<double>(n) * element > 1100 * stored + (1 << 20))
    throw CorpusError(cat(context, ": the dataset claims ", n, " entries of ", element, " bytes but stores only ",
                          stored, " bytes; expected an extent its data can hold (a corrupt file?)"));
  return n;
}

std::vector<std::string> read_strings(hid_t location, const std::string& name, const std::string& context) {
  auto dset = owned_dataset(H5Dopen2(location, name.c_str(), H5P_DEFAULT), context + ": cannot open dataset");
  auto type = owned_type(H5Dget_type(dset.get()), context);
  if (H5Tget_class(type.get()) != H5T_STRING) throw CorpusError(context + ": expected a dataset of strings");
  auto space = owned_space(H5Dget_space(dset.get()), context);
  const hsize_t n = checked_extent(dset.get(), context);
  std::vector<std::string> out;
  out.reserve(n);
  if (n == 0) return out;
  if (H5Tis_variable_str(type.get()) > 0) {
    auto mem = utf8_string_type();
    std::vector<char*> pointers(n, nullptr);
    check(H5Dread(dset.get(), mem.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, pointers.data()), context + ": read");
    for (auto* p : pointers) out.emplace_back(p ? p : "");
    H5Dvlen_reclaim(mem.get(), space.get(), H5P_DEFAULT, pointers.data());
  } else {
    std::size_t width = H5Tget_size(type.get());
    std::vector<char> buffer(width * n);
    check(H5Dread(dset.get(), type.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, buffer.data()), context + ": read");
    for (hsize_t i = 0; i < n; ++i) {
      std::string s(buffer.data() + i * width, width);
      out.push_back(s.substr(0, s.find('\0')));
    }
  }
  return out;
}

}  // namespace moce::h5
