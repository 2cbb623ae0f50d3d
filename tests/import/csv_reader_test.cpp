// The CSV tokenizer and writer: RFC 4180 quoting, CRLF, BOM, records cut by block boundaries,
// line numbers across multi-line fields, errors, and exact number round trips.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <fstream>
#include <random>

#include "operators/io/telemetry_csv/csv_reader.hpp"
#include "operators/io/telemetry_csv/csv_writer.hpp"
#include "runtime/error.hpp"
#include "tests/support/test_support.hpp"

namespace moce {
namespace {

void write_file(const std::string& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary) << bytes;
}

std::vector<std::vector<std::string>> read_all(const std::string& path, std::size_t block,
                                               std::vector<std::int64_t>* lines = nullptr) {
  CsvReader csv(path, block);
  std::vector<std::vector<std::string>> rows{csv.header()};
  while (csv.next()) {
    rows.emplace_back(csv.fields().begin(), csv.fields().end());
    if (lines) lines->push_back(csv.line());
  }
  return rows;
}

std::string error_of(const std::string& path, std::size_t block = 1 << 20) {
  try {
    read_all(path, block);
  } catch (const InputError& e) {
    return e.what();
  }
  return "no error";
}

using Rows = std::vector<std::vector<std::string>>;

TEST(CsvReader, QuotedFieldsCommasDoubledQuotesAndNewlines) {
  test::TempDir dir;
  write_file(dir.file("a.csv"), "a,b,c\n1,\"x,y\",\"he said \"\"hi\"\"\"\n\"two\nlines\",,\"\"\n3,4,5");
  std::vector<std::int64_t> lines;
  EXPECT_EQ(read_all(dir.file("a.csv"), 1 << 20, &lines),
            (Rows{{"a", "b", "c"}, {"1", "x,y", "he said \"hi\""}, {"two\nlines", "", ""}, {"3", "4", "5"}}));
  // The second record spans lines 3-4, so the third starts on line 5.
  EXPECT_EQ(lines, (std::vector<std::int64_t>{2, 3, 5}));
}

TEST(CsvReader, CrlfBomTrailingEmptyFieldAndBlankLines) {
  test::TempDir dir;
  write_file(dir.file("a.csv"), "\xEF\xBB\xBFid,v\r\n1,\r\n\r\n2,\"q\"\r\n\n3,x\r\n");
  std::vector<std::int64_t> lines;
  EXPECT_EQ(read_all(dir.file("a.csv"), 1 << 20, &lines), (Rows{{"id", "v"}, {"1", ""}, {"2", "q"}, {"3", "x"}}));
  EXPECT_EQ(lines, (std::vector<std::int64_t>{2, 4, 6}));
}

// Records cut anywhere by the block end (a 16-byte buffer cuts almost every one) parse exactly
// as with one big block, and as the generator wrote them.
TEST(CsvReader, TinyBlocksGiveTheSameRecords) {
  test::TempDir dir;
  std::mt19937 random(7);
  const std::vector<std::string> pieces = {"a", "b,c", "\"", "\r\n", "\n", "x\"y", "", "12.5", "ü"};
  Rows expected{{"k", "v", "w"}};
  std::string text = "k,v,w\r\n";
  for (int row = 0; row < 300; ++row) {
    std::vector<std::string> fields;
    for (int f = 0; f < 3; ++f) {
      std::string value;
      for (int n = static_cast<int>(random() % 4); n > 0; --n) value += pieces[random() % pieces.size()];
      if (f == 0 && value.empty()) value.push_back('k');  // keep the record from reading as a blank line
      fields.push_back(value);
      if (f) text += ',';
      text += '"';
      for (char c : value) {
        if (c == '"') text += '"';
        text += c;
      }
      text += '"';
    }
    text += row % 2 ? "\n" : "\r\n";
    expected.push_back(fields);
  }
  write_file(dir.file("a.csv"), text);
  EXPECT_EQ(read_all(dir.file("a.csv"), 16), expected);
  EXPECT_EQ(read_all(dir.file("a.csv"), 1 << 20), expected);
}

TEST(CsvReader, ErrorsNameTheFileAndLine) {
  test::TempDir dir;
  write_file(dir.file("open.csv"), "a,b\n1,2\n3,\"never closed\n4,5\n");
  EXPECT_NE(error_of(dir.file("open.csv")).find("open.csv:3: a quoted field is not closed"), std::string::npos)
      << error_of(dir.file("open.csv"));
  write_file(dir.file("count.csv"), "a,b\n1,2\n1,2,3\n");
  EXPECT_NE(error_of(dir.file("count.csv")).find("count.csv:3: the record has 3 fields but the header has 2"),
            std::string::npos);
  write_file(dir.file("after.csv"), "a,b\n\"x\"y,2\n");
  EXPECT_NE(error_of(dir.file("after.csv")).find("after.csv:2: field 1: unexpected character 'y'"),
            std::string::npos);
  write_file(dir.file("twice.csv"), "a,b,a\n");
  EXPECT_NE(error_of(dir.file("twice.csv")).find("twice.csv:1: column 'a': appears twice"), std::string::npos);
  write_file(dir.file("empty.csv"), "");
  EXPECT_NE(error_of(dir.file("empty.csv")).find("empty.csv: the file is empty"), std::string::npos);
  EXPECT_NE(error_of(dir.file("missing.csv")).find("missing.csv: cannot open"), std::string::npos);
}

TEST(CsvReader, TypedFields) {
  test::TempDir dir;
  write_file(dir.file("n.csv"), "x,y\n 3.5 ,-12\n12x,\n");
  CsvReader csv(dir.file("n.csv"));
  ASSERT_TRUE(csv.next());
  EXPECT_EQ(csv.real(0), 3.5);
  EXPECT_EQ(csv.int64(1), -12);
  ASSERT_TRUE(csv.next());
  EXPECT_TRUE(std::isnan(csv.real_or_missing(1)));
  try {
    csv.real(0);
    FAIL() << "12x parsed";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("n.csv:3: column 'x': '12x' is not a number"), std::string::npos);
  }
  EXPECT_THROW(csv.real(1), InputError);  // empty where a number is required
  EXPECT_THROW(csv.int64(1), InputError);
  EXPECT_FALSE(parse_int64("1.5"));
  EXPECT_FALSE(parse_real(""));
}

// What the writer quotes and prints reads back to the same strings and the same doubles, bit
// for bit (shortest round-trip formatting).
TEST(CsvWriter, RoundTripsTextAndNumbersExactly) {
  test::TempDir dir;
  const std::vector<std::string> texts = {"plain", "a,b", "say \"x\"", "two\nlines", "cr\rhere", "", "Télécom"};
  const std::vector<double> reals = {0.1, 1.0 / 3.0, 1e-300, -2.5e300, 1700000000.123456789, 5e-324, -0.0};
  {
    CsvWriter out(dir.file("w.csv"), {"text", "real", "int"});
    for (std::size_t i = 0; i < texts.size(); ++i)
      out.text(texts[i]).real(reals[i]).int64(INT64_MIN + static_cast<std::int64_t>(i)).end_row();
    out.text("nan").real(std::nan("")).empty().end_row();
    out.close();
  }
  CsvReader csv(dir.file("w.csv"), 16);
  for (std::size_t i = 0; i < texts.size(); ++i) {
    ASSERT_TRUE(csv.next());
    EXPECT_EQ(csv.text(0), texts[i]);
    const double back = csv.real(1);
    EXPECT_EQ(std::memcmp(&back, &reals[i], sizeof back), 0) << reals[i];
    EXPECT_EQ(csv.int64(2), INT64_MIN + static_cast<std::int64_t>(i));
  }
  ASSERT_TRUE(csv.next());
  EXPECT_TRUE(csv.text(1).empty());
  EXPECT_FALSE(csv.next());
}

}  // namespace
}  // namespace moce
