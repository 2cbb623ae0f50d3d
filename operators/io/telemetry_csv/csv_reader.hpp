// A streaming RFC 4180 CSV reader: large blocks, fields parsed in place, the header row indexed
// by name, and every error located as `file:line: column 'name': ...`.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace moce {

class CsvReader {
 public:
  static constexpr std::size_t kDefaultBlockBytes = std::size_t{8} << 20;

  // Opens `path` and reads its header row. Throws InputError if the file cannot be read or is
  // empty. A UTF-8 byte order mark is skipped.
  explicit CsvReader(std::string path, std::size_t block_bytes = kDefaultBlockBytes);
  ~CsvReader();
  CsvReader(const CsvReader&) = delete;
  CsvReader& operator=(const CsvReader&) = delete;

  const std::string& path() const { return path_; }
  const std::vector<std::string>& header() const { return header_; }
  // The header position of `name`, or nothing.
  std::optional<std::size_t> find_column(std::string_view name) const;
  // The header position of `name`; throws InputError naming the file and the missing column.
  std::size_t require_column(std::string_view name) const;

  // Advances to the next record (blank lines are skipped); false at the end of the file. The
  // fields are valid until the next call. A record with another field count than the header
  // is an error.
  bool next();
  std::span<const std::string_view> fields() const { return fields_; }
  std::string_view field(std::size_t i) const { return fields_[i]; }
  // The line the current record starts on (1 = the header). Quoted fields may span lines.
  std::int64_t line() const { return line_; }
  std::int64_t bytes_read() const { return bytes_read_; }

  // Throws InputError "path:line: column 'name': message" for the current record.
  [[noreturn]] void fail(std::size_t column, std::string_view message) const;
  [[noreturn]] void fail(std::string_view message) const;  // "path:line: message"

  // Typed access to field `column` of the current record; errors name the file, line and column.
  double real(std::size_t column) const;                    // empty = error
  double real_or_missing(std::size_t column) const;         // empty = NaN
  std::int64_t int64(std::size_t column) const;             // empty = error
  std::string_view text(std::size_t column) const { return fields_[column]; }

 private:
  enum class Scan { kRecord, kNeedMore, kEnd };
  Scan scan_record();
  bool refill();
  bool parse_next();

  std::string path_;
  int fd_ = -1;
  std::vector<char> buffer_;
  std::size_t begin_ = 0, end_ = 0;  // unparsed bytes [begin_, end_)
  bool eof_ = false;
  std::int64_t bytes_read_ = 0;
  std::int64_t line_ = 0;       // start line of the current record
  std::int64_t next_line_ = 1;  // start line of the next record
  std::vector<std::string_view> fields_;
  std::vector<std::uint8_t> needs_unquote_;  // per field: holds doubled quotes to collapse
  std::vector<std::string> header_;
};

// Parses numbers exactly as std::from_chars does (surrounding spaces allowed); nothing on failure.
std::optional<double> parse_real(std::string_view text);
std::optional<std::int64_t> parse_int64(std::string_view text);

}  // namespace moce
