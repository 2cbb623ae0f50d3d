// Streaming CSV reader: one pass per record over a block buffer; a record cut by the block end
// is moved to the front and scanned again after the next read, so fields stay contiguous.
#include "operators/io/telemetry_csv/csv_reader.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstring>
#include <limits>

#include "runtime/error.hpp"

namespace moce {

namespace {

// The bytes that end an unquoted field.
constexpr auto kEndsField = [] {
  std::array<bool, 256> table{};
  table[static_cast<unsigned char>(',')] = table[static_cast<unsigned char>('\n')] =
      table[static_cast<unsigned char>('\r')] = true;
  return table;
}();

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

}  // namespace

std::optional<double> parse_real(std::string_view text) {
  text = trim(text);
  double value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || end != text.data() + text.size() || text.empty()) return std::nullopt;
  return value;
}

std::optional<std::int64_t> parse_int64(std::string_view text) {
  text = trim(text);
  std::int64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || end != text.data() + text.size() || text.empty()) return std::nullopt;
  return value;
}

CsvReader::CsvReader(std::string path, std::size_t block_bytes) : path_(std::move(path)) {
  fd_ = ::open(path_.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd_ < 0) throw InputError(cat(path_, ": cannot open (", std::strerror(errno), ")"));
  // A small file gets a small buffer: zeroing a full block for a few-kB dictionary or incident
  // file cost more than reading it.
  struct stat info {};
  std::size_t block = std::max<std::size_t>(block_bytes, 16);
  if (::fstat(fd_, &info) == 0 && info.st_size >= 0)
    block = std::min(block, std::max<std::size_t>(static_cast<std::size_t>(info.st_size) + 1, 16));
  buffer_.resize(block);
  refill();
  if (end_ >= 3 && std::memcmp(buffer_.data(), "\xEF\xBB\xBF", 3) == 0) begin_ = 3;
  if (!next()) throw InputError(cat(path_, ": the file is empty; expected a header row"));
  header_.assign(fields_.begin(), fields_.end());
  for (std::size_t i = 0; i < header_.size(); ++i)
    for (std::size_t j = 0; j < i; ++j)
      if (header_[i] == header_[j]) fail(i, "appears twice in the header");
}

CsvReader::~CsvReader() {
  if (fd_ >= 0) ::close(fd_);
}

std::optional<std::size_t> CsvReader::find_column(std::string_view name) const {
  auto it = std::find(header_.begin(), header_.end(), name);
  if (it == header_.end()) return std::nullopt;
  return static_cast<std::size_t>(it - header_.begin());
}

std::size_t CsvReader::require_column(std::string_view name) const {
  if (auto i = find_column(name)) return *i;
  std::string present;
  for (auto& h : header_) {
    present += present.empty() ? "'" : ", '";
    present += h;
    present += '\'';
  }
  throw InputError(cat(path_, ":1: required column '", name, "' is missing (the header has ", present, ")"));
}

void CsvReader::fail(std::size_t column, std::string_view message) const {
  throw InputError(cat(path_, ":", line_, ": column '", column < header_.size() ? header_[column] : "?", "': ",
                       message));
}

void CsvReader::fail(std::string_view message) const { throw InputError(cat(path_, ":", line_, ": ", message)); }

double CsvReader::real(std::size_t column) const {
  if (trim(fields_[column]).empty()) fail(column, "is empty; expected a number");
  return real_or_missing(column);
}

double CsvReader::real_or_missing(std::size_t column) const {
  const auto text = fields_[column];
  if (text.empty()) return std::numeric_limits<double>::quiet_NaN();
  auto value = parse_real(text);
  if (!value) {
    if (trim(text).empty()) return std::numeric_limits<double>::quiet_NaN();
    fail(column, cat("'", text, "' is not a number"));
  }
  return *value;
}

std::int64_t CsvReader::int64(std::size_t column) const {
  auto value = parse_int64(fields_[column]);
  if (!value) fail(column, cat("'", fields_[column], "' is not an integer"));
  return *value;
}

bool CsvReader::refill() {
  if (eof_) return false;
  if (begin_ > 0) {
    std::memmove(buffer_.data(), buffer_.data() + begin_, end_ - begin_);
    end_ -= begin_;
    begin_ = 0;
  }
  if (end_ == buffer_.size()) buffer_.resize(buffer_.size() * 2);  // one record longer than a block
  ssize_t n = 0;
  do {
    n = ::read(fd_, buffer_.data() + end_, buffer_.size() - end_);
  } while (n < 0 && errno == EINTR);
  if (n < 0) throw InputError(cat(path_, ": read failed (", std::strerror(errno), ")"));
  if (n == 0) eof_ = true;
  end_ += static_cast<std::size_t>(n);
  bytes_read_ += n;
  return true;
}

CsvReader::Scan CsvReader::scan_record() {
  fields_.clear();
  needs_unquote_.clear();
  const char* buf = buffer_.data();
  std::size_t p = begin_;
  std::int64_t inner_newlines = 0;
  if (p == end_) return eof_ ? Scan::kEnd : Scan::kNeedMore;
  while (true) {
    std::size_t start = p, stop = p;
    std::uint8_t doubled = 0;
    if (p < end_ && buf[p] == '"') {
      start = ++p;
      while (true) {
        const void* q = std::memchr(buf + p, '"', end_ - p);
        if (!q) {
          if (!eof_) return Scan::kNeedMore;
          line_ = next_line_;
          fail("a quoted field is not closed before the end of the file");
        }
        const auto at = static_cast<std::size_t>(static_cast<const char*>(q) - buf);
        inner_newlines += std::count(buf + p, buf + at, '\n');
        p = at;
        if (p + 1 == end_ && !eof_) return Scan::kNeedMore;  // a doubled quote may be cut
        if (p + 1 < end_ && buf[p + 1] == '"') {
          doubled = 1;
          p += 2;
          continue;
        }
        break;
      }
      stop = p++;
      if (p < end_ && buf[p] != ',' && buf[p] != '\n' && buf[p] != '\r') {
        line_ = next_line_;
        fail(cat("field ", fields_.size() + 1, ": unexpected character '", buf[p], "' after a closing quote"));
      }
    } else {
      // One table load per byte instead of three comparisons: this loop reads every byte of
      // an unquoted file.
      while (p < end_ && !kEndsField[static_cast<unsigned char>(buf[p])]) ++p;
      if (p == end_ && !eof_) return Scan::kNeedMore;
      stop = p;
    }
    fields_.emplace_back(buf + start, stop - start);
    needs_unquote_.push_back(doubled);
    if (p == end_) break;  // the last record lacks a line end
    const char c = buf[p];
    if (c == ',') {
      ++p;
      if (p == end_ && eof_) {
        fields_.emplace_back(buf + p, 0);
        needs_unquote_.push_back(0);
        break;
      }
      continue;
    }
    if (c == '\r') {
      if (p + 1 == end_ && !eof_) return Scan::kNeedMore;
      ++p;
      if (p < end_ && buf[p] == '\n') ++p;
    } else {
      ++p;  // '\n'
    }
    break;
  }
  begin_ = p;
  line_ = next_line_;
  next_line_ += 1 + inner_newlines;
  return Scan::kRecord;
}

bool CsvReader::parse_next() {
  while (true) {
    switch (scan_record()) {
      case Scan::kRecord: return true;
      case Scan::kEnd: return false;
      case Scan::kNeedMore: refill(); break;
    }
  }
}

bool CsvReader::next() {
  do {
    if (!parse_next()) return false;
  } while (fields_.size() == 1 && fields_[0].empty());  // a blank line
  for (std::size_t i = 0; i < fields_.size(); ++i) {
    if (!needs_unquote_[i]) continue;
    // Collapse each doubled quote in place; the field only shrinks.
    char* data = buffer_.data() + (fields_[i].data() - buffer_.data());
    std::size_t w = 0;
    for (std::size_t r = 0; r < fields_[i].size(); ++r, ++w) {
      data[w] = data[r];
      if (data[r] == '"') ++r;
    }
    fields_[i] = std::string_view(data, w);
  }
  if (!header_.empty() && fields_.size() != header_.size())
    fail(cat("the record has ", fields_.size(), " fields but the header has ", header_.size()));
  return true;
}

}  // namespace moce
