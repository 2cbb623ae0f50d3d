// Makes corrupt or inconsistent corpus files from a valid demo corpus, for error-path tests of
// the reader and of `moce inspect`.
#pragma once

#include <hdf5.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "operators/io/hdf5.hpp"
#include "simulator/demo_corpus.hpp"
#include "tests/support/test_support.hpp"

namespace moce::test {

enum class BadKind { kNotHdf5, kTruncated, kWrongFormat, kWrongVersion, kMissingDataset, kUnequalColumns, kBadCode };

inline std::string make_bad_corpus(const TempDir& dir, BadKind kind) {
  const auto path = dir.file("bad.h5");
  if (kind == BadKind::kNotHdf5) {
    std::ofstream(path) << "session_id,isp\n1,ISP-1\n";
    return path;
  }
  DemoOptions options;
  options.incidents = 1;
  options.sessions_per_incident = 50;
  options.write.compression = 0;
  write_demo_corpus(path, world(), options, "");
  if (kind == BadKind::kTruncated) {
    std::filesystem::resize_file(path, std::filesystem::file_size(path) / 2);
    return path;
  }
  h5::quiet();
  auto file = h5::owned_file(H5Fopen(path.c_str(), H5F_ACC_RDWR, H5P_DEFAULT), "reopen " + path);
  auto root = h5::owned_group(H5Gopen2(file.get(), "/", H5P_DEFAULT), "root");
  switch (kind) {
    case BadKind::kWrongFormat: h5::write_attribute(root.get(), "format", std::string("not-moce")); break;
    case BadKind::kWrongVersion: h5::write_attribute(root.get(), "format_version", std::int64_t{99}); break;
    case BadKind::kMissingDataset:
      h5::check(H5Ldelete(file.get(), "/incidents/demo-0/events_offsets", H5P_DEFAULT), "delete");
      break;
    case BadKind::kUnequalColumns: {
      auto d = h5::owned_dataset(H5Dopen2(file.get(), "/incidents/demo-0/sessions/isp", H5P_DEFAULT), "isp");
      hsize_t n = 53;
      h5::check(H5Dset_extent(d.get(), &n), "extend");
      break;
    }
    case BadKind::kBadCode: {
      auto d = h5::owned_dataset(H5Dopen2(file.get(), "/incidents/demo-0/sessions/isp", H5P_DEFAULT), "isp");
      auto space = h5::owned_space(H5Dget_space(d.get()), "space");
      hsize_t start = 3, count = 1;
      H5Sselect_hyperslab(space.get(), H5S_SELECT_SET, &start, nullptr, &count, nullptr);
      auto mem = h5::owned_space(H5Screate_simple(1, &count, nullptr), "mem");
      const std::int32_t code = 77;
      h5::check(H5Dwrite(d.get(), H5T_NATIVE_INT32, mem.get(), space.get(), H5P_DEFAULT, &code), "write");
      break;
    }
    default: break;
  }
  return path;
}

}  // namespace moce::test
