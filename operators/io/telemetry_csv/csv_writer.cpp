// Buffered CSV output with exact number formatting.
#include "operators/io/telemetry_csv/csv_writer.hpp"

#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstring>

#include "runtime/error.hpp"

namespace moce {

namespace {
constexpr std::size_t kFlushBytes = std::size_t{1} << 20;
}

CsvWriter::CsvWriter(std::string path, const std::vector<std::string>& header) : path_(std::move(path)) {
  file_ = std::fopen(path_.c_str(), "wb");
  if (!file_) throw InputError(cat(path_, ": cannot create (", std::strerror(errno), ")"));
  for (auto& h : header) text(h);
  end_row();
}

CsvWriter::~CsvWriter() {
  if (file_) std::fclose(file_);
}

void CsvWriter::separator() {
  if (row_started_) buffer_ += ',';
  row_started_ = true;
}

CsvWriter& CsvWriter::text(std::string_view value) {
  separator();
  if (value.find_first_of(",\"\r\n") == std::string_view::npos) {
    buffer_ += value;
    return *this;
  }
  buffer_ += '"';
  for (char c : value) {
    if (c == '"') buffer_ += '"';
    buffer_ += c;
  }
  buffer_ += '"';
  return *this;
}

CsvWriter& CsvWriter::real(double value) {
  separator();
  if (std::isnan(value)) return *this;
  char text[64];
  auto [end, ec] = std::to_chars(text, text + sizeof text, value);
  buffer_.append(text, end);
  return *this;
}

CsvWriter& CsvWriter::int64(std::int64_t value) {
  separator();
  char text[32];
  auto [end, ec] = std::to_chars(text, text + sizeof text, value);
  buffer_.append(text, end);
  return *this;
}

CsvWriter& CsvWriter::empty() {
  separator();
  return *this;
}

void CsvWriter::end_row() {
  buffer_ += '\n';
  row_started_ = false;
  if (buffer_.size() >= kFlushBytes) flush();
}

void CsvWriter::flush() {
  if (!buffer_.empty() && std::fwrite(buffer_.data(), 1, buffer_.size(), file_) != buffer_.size())
    throw InputError(cat(path_, ": write failed (", std::strerror(errno), ")"));
  buffer_.clear();
}

void CsvWriter::close() {
  if (!file_) return;
  flush();
  const int status = std::fclose(file_);
  file_ = nullptr;
  if (status != 0) throw InputError(cat(path_, ": write failed (", std::strerror(errno), ")"));
}

}  // namespace moce
