// The anomaly.yaml reader on hand-written entries: a one-element dict cause, a list of elements,
// UTF-8 quoted values kept byte for byte, and errors naming the file and line.
#include <gtest/gtest.h>

#include <fstream>

#include "operators/io/aggregate_import.hpp"
#include "operators/io/rs_labels.hpp"
#include "runtime/error.hpp"
#include "tests/support/test_support.hpp"

namespace moce {
namespace {

std::string write(const test::TempDir& dir, const std::string& text) {
  const auto path = dir.file("anomaly.yaml");
  std::ofstream(path, std::ios::binary) << text;
  return path;
}

TEST(RsLabels, DictListAndUtf8) {
  test::TempDir dir;
  const auto path = write(dir,
                          "- data: case1\n  timestamp: 1566397800\n  cause: {'bitrate':2000, 'p2p':1}\n"
                          "- data: 2020 x\n  timestamp: 7\n  cause: [{'isp':'\xe8\x81\x94\xe9\x80\x9a', 'cdn':5}, {'bitrate':500}]\n");
  const auto labels = rs::read_labels(path);
  ASSERT_EQ(labels.size(), 2u);
  EXPECT_EQ(labels[0].stem, "case1");
  EXPECT_EQ(labels[0].timestamp, 1566397800);
  ASSERT_EQ(labels[0].cause.size(), 1u);
  EXPECT_EQ(labels[0].cause[0], (CauseElement{{"bitrate", "2000"}, {"p2p", "1"}}));
  EXPECT_EQ(labels[1].stem, "2020 x");
  EXPECT_EQ(labels[1].line, 4);
  EXPECT_EQ(labels[1].cause_line, 6);
  ASSERT_EQ(labels[1].cause.size(), 2u);
  EXPECT_EQ(labels[1].cause[0], (CauseElement{{"isp", "\xe8\x81\x94\xe9\x80\x9a"}, {"cdn", "5"}}));
  // Truth ids: parts sorted by attribute; one id per element.
  EXPECT_EQ(cause_id(labels[1].cause[0]), "cdn:5&isp:\xe8\x81\x94\xe9\x80\x9a");
  EXPECT_EQ(cause_ids(labels[1].cause, {"isp", "cdn", "bitrate"}, "w", "f"),
            (std::vector<std::string>{"cdn:5&isp:\xe8\x81\x94\xe9\x80\x9a", "bitrate:500"}));
  EXPECT_THROW(cause_ids(labels[1].cause, {"isp", "bitrate"}, "w", "f"), InputError);
}

TEST(RsLabels, ErrorsNameFileAndLine) {
  test::TempDir dir;
  auto expect_error = [&](const std::string& text, const std::string& message) {
    const auto path = write(dir, text);
    try {
      rs::read_labels(path);
      FAIL() << "no error for " << text;
    } catch (const InputError& e) {
      EXPECT_NE(std::string(e.what()).find(path + message), std::string::npos) << e.what();
    }
  };
  expect_error("- data: a\n  timestamp: x1\n  cause: {'a':1}\n", ":2: timestamp 'x1' is not an integer");
  expect_error("- data: a\n  timestamp: 1\n  cause: {'a':1\n", ":3: cause: expected '}'");
  expect_error("- data: a\n  cause: {'a':1}\n- data: b\n", ":1: entry 'a' has no timestamp");
  expect_error("- data: a\n  timestamp: 1\n  cause: {'a':1}\n- data: a\n", ":4: entry 'a' is given twice");
  expect_error("  timestamp: 1\n", ":1: each entry starts with '- data: <file stem>'");
  expect_error("- data: a\n  timestamp: 1\n  reason: {'a':1}\n", ":3: unknown key 'reason'");
}

}  // namespace
}  // namespace moce
