// A buffered CSV writer: RFC 4180 quoting where a field needs it, and numbers in the shortest
// form that reads back to the same value (std::to_chars), so exported tables round-trip exactly.
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

namespace moce {

class CsvWriter {
 public:
  // Creates (truncates) `path` and writes the header row. Throws InputError if it cannot.
  CsvWriter(std::string path, const std::vector<std::string>& header);
  ~CsvWriter();
  CsvWriter(const CsvWriter&) = delete;
  CsvWriter& operator=(const CsvWriter&) = delete;

  // Fields of the current row, in header order; end_row() closes it.
  CsvWriter& text(std::string_view value);  // quoted if it holds a comma, quote, CR or LF
  CsvWriter& real(double value);            // NaN = empty cell
  CsvWriter& int64(std::int64_t value);
  CsvWriter& empty();
  void end_row();
  // Flushes and closes; throws InputError on a write error. The destructor only closes.
  void close();

 private:
  void separator();
  void flush();

  std::string path_;
  std::FILE* file_ = nullptr;
  std::string buffer_;
  bool row_started_ = false;
};

}  // namespace moce
