// Bad corpus files: each gives one CorpusError naming the file and what was expected.
#include <gtest/gtest.h>
#include <hdf5.h>

#include <filesystem>
#include <fstream>

#include "operators/io/corpus_reader.hpp"
#include "operators/io/hdf5.hpp"
#include "simulator/demo_corpus.hpp"
#include "tests/corpus/bad_corpora.hpp"
#include "tests/support/test_support.hpp"

namespace moce {
namespace {

std::string open_error(const std::string& path) {
  try {
    CorpusReader r(path);
    // Reading every relation is what `moce inspect` does; layout problems show up here.
    for (auto& id : r.members("/incidents")) {
      if (id == "index") continue;
      r.read("/incidents/" + id + "/sessions");
      r.read_sequence("/incidents/" + id + "/events", "/incidents/" + id + "/events_offsets");
    }
  } catch (const CorpusError& e) {
    return e.what();
  }
  return "";
}

class BadCorpus : public ::testing::Test {
 protected:
  test::TempDir dir_;
};

TEST_F(BadCorpus, MissingFile) {
  EXPECT_EQ(open_error(dir_.file("nope.h5")), "corpus '" + dir_.file("nope.h5") + "': no such file");
}

TEST_F(BadCorpus, NotHdf5) {
  auto path = test::make_bad_corpus(dir_, test::BadKind::kNotHdf5);
  EXPECT_EQ(open_error(path), "corpus '" + path + "': not an HDF5 file (no HDF5 signature found)");
}

TEST_F(BadCorpus, Truncated) {
  auto path = test::make_bad_corpus(dir_, test::BadKind::kTruncated);
  auto message = open_error(path);
  EXPECT_EQ(message.rfind("corpus '" + path + "': cannot open; the file is truncated or corrupt", 0), 0u) << message;
  EXPECT_NE(message.find("truncated file"), std::string::npos) << message;  // HDF5's own detail
}

TEST_F(BadCorpus, WrongFormatAttribute) {
  auto path = test::make_bad_corpus(dir_, test::BadKind::kWrongFormat);
  EXPECT_EQ(open_error(path),
            "corpus '" + path + "', root attributes: attribute 'format' is 'not-moce', expected 'moce-corpus'");
}

TEST_F(BadCorpus, WrongFormatVersion) {
  auto path = test::make_bad_corpus(dir_, test::BadKind::kWrongVersion);
  EXPECT_EQ(open_error(path), "corpus '" + path + "', root attributes: format_version is 99, this moce reads version 1");
}

TEST_F(BadCorpus, MissingDataset) {
  auto path = test::make_bad_corpus(dir_, test::BadKind::kMissingDataset);
  EXPECT_EQ(open_error(path), "corpus '" + path + "', /incidents/demo-0/events_offsets: dataset is missing");
}

TEST_F(BadCorpus, ColumnsOfUnequalLength) {
  auto path = test::make_bad_corpus(dir_, test::BadKind::kUnequalColumns);
  EXPECT_EQ(open_error(path), "corpus '" + path +
                                  "', /incidents/demo-0/sessions: columns of unequal length: 'session_id' has 50 "
                                  "rows but 'isp' has 53");
}

TEST_F(BadCorpus, CodeOutsideItsDictionary) {
  auto path = test::make_bad_corpus(dir_, test::BadKind::kBadCode);
  EXPECT_EQ(open_error(path), "corpus '" + path +
                                  "', /incidents/demo-0/sessions/isp: code 77 is outside its dictionary of 5 values");
}

}  // namespace
}  // namespace moce
