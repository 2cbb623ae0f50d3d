// Thin RAII layer over the HDF5 C API: handles that close themselves, checked calls whose
// errors carry HDF5's own error stack, and the string/number attributes the corpus uses.
#pragma once

#include <hdf5.h>

#include <cstdint>
#include <string>
#include <vector>

namespace moce::h5 {

// Turns off HDF5's own printing of errors: moce reports them once, in its own words.
void quiet();

// One HDF5 identifier with the function that closes it. Destructors never throw.
class Handle {
 public:
  using Closer = herr_t (*)(hid_t);
  Handle() = default;
  Handle(hid_t id, Closer closer) : id_(id), closer_(closer) {}
  ~Handle() { reset(); }
  Handle(Handle&& other) noexcept : id_(other.id_), closer_(other.closer_) { other.id_ = H5I_INVALID_HID; }
  Handle& operator=(Handle&& other) noexcept;
  Handle(const Handle&) = delete;
  Handle& operator=(const Handle&) = delete;
  hid_t get() const { return id_; }
  bool valid() const { return id_ >= 0; }
  // Closes now and reports a failure (e.g. a failed flush of a file) as CorpusError.
  void close(const std::string& context);
  void reset() noexcept;
  // Forgets the identifier without closing it (for a collective close that must not happen on one rank alone).
  void release() noexcept { id_ = H5I_INVALID_HID; }

 private:
  hid_t id_ = H5I_INVALID_HID;
  Closer closer_ = nullptr;
};

// The messages of HDF5's current error stack, innermost detail last, joined by "; ".
std::string error_stack();
// Throws CorpusError("<context>: <HDF5 stack>") if `status` is negative; returns it otherwise.
hid_t check(hid_t status, const std::string& context);

Handle owned_file(hid_t id, const std::string& context);
Handle owned_group(hid_t id, const std::string& context);
Handle owned_dataset(hid_t id, const std::string& context);
Handle owned_space(hid_t id, const std::string& context);
Handle owned_type(hid_t id, const std::string& context);
Handle owned_plist(hid_t id, const std::string& context);
Handle owned_attribute(hid_t id, const std::string& context);

bool exists(hid_t location, const std::string& path);
// Children of a group, in creation order where the group tracks it, else by name.
std::vector<std::string> children(hid_t group, const std::string& context);
// Opens a group, creating it (with creation order tracked) if absent; one level at a time.
Handle open_or_create_group(hid_t file, const std::string& path);

// A variable-length UTF-8 string type (h5py reads it as str with .asstr()).
Handle utf8_string_type();

void write_attribute(hid_t object, const std::string& name, const std::string& value);
void write_attribute(hid_t object, const std::string& name, std::int64_t value);
void write_attribute(hid_t object, const std::string& name, double value);
bool has_attribute(hid_t object, const std::string& name);
std::string read_string_attribute(hid_t object, const std::string& name, const std::string& context);
std::int64_t read_int_attribute(hid_t object, const std::string& name, const std::string& context);
double read_double_attribute(hid_t object, const std::string& name, const std::string& context);

// Writes / reads a 1-D dataset of variable-length UTF-8 strings (dictionaries).
void write_strings(hid_t location, const std::string& name, const std::vector<std::string>& values);
std::vector<std::string> read_strings(hid_t location, const std::string& name, const std::string& context);

// The 1-D extent of `dataset`, refused (CorpusError naming `context`) when it is larger than the
// dataset's stored bytes can hold. A corrupt header can claim any extent, and the reader sizes its
// buffers from it (fuzzing found a string dataset claiming 2^50 entries); deflate expands at most
// about 1032:1, so a claim needing more than 1100 x the stored bytes, plus 1 MiB of slack for
// small or unwritten datasets, is not a real one.
hsize_t checked_extent(hid_t dataset, const std::string& context);

}  // namespace moce::h5
