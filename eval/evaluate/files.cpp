#include "eval/evaluate/files.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "runtime/error.hpp"
#include "runtime/temp_files.hpp"

namespace moce::eval {

namespace fs = std::filesystem;

namespace {
// Why a system call failed, for messages: "No space left on device".
std::string reason() { return std::strerror(errno); }

void write_all(int fd, const std::string& text, const std::string& path) {
  std::size_t done = 0;
  while (done < text.size()) {
    const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      const auto why = reason();
      ::close(fd);
      throw InputError(cat("cannot write '", path, "': ", why));
    }
    done += static_cast<std::size_t>(n);
  }
}

// A full disk may only show at fsync or close; both are checked and the descriptor always closed.
void sync_and_close(int fd, const std::string& path) {
  int failed = ::fsync(fd) != 0 ? errno : 0;
  if (::close(fd) != 0 && !failed) failed = errno;
  if (failed) throw InputError(cat("cannot write '", path, "': ", std::strerror(failed)));
}
}  // namespace

void write_atomic(const std::string& path, const std::string& text) {
  const std::string tmp = path + ".tmp";
  const TempFileGuard on_signal(tmp);  // SIGTERM/SIGINT mid-write remove it too
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (fd < 0) throw InputError(cat("cannot create '", tmp, "': ", reason()));
  try {
    write_all(fd, text, tmp);
    sync_and_close(fd, tmp);  // the old file stays until the rename
  } catch (...) {
    ::unlink(tmp.c_str());  // no partial file left behind
    throw;
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    const auto why = reason();
    ::unlink(tmp.c_str());
    throw InputError(cat("cannot rename '", tmp, "' onto '", path, "': ", why));
  }
}

void append_line(const std::string& path, const std::string& line) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
  if (fd < 0) throw InputError(cat("cannot open '", path, "' for appending: ", reason()));
  // A short append (full disk) leaves a torn last line, which the next run cuts off.
  write_all(fd, line + "\n", path);
  sync_and_close(fd, path);
}

int remove_stale_temporaries(const std::string& dir) {
  int n = 0;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return 0;
  for (const auto& entry : fs::directory_iterator(dir, ec))
    if (entry.is_regular_file() && entry.path().extension() == ".tmp") {
      fs::remove(entry.path(), ec);
      ++n;
    }
  return n;
}

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::map<std::string, IncidentRecord> read_progress(const std::string& progress_dir, bool repair) {
  std::map<std::string, IncidentRecord> out;
  std::error_code ec;
  if (!fs::is_directory(progress_dir, ec)) return out;
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(progress_dir, ec)) {
    const auto name = entry.path().filename().string();
    if (entry.is_regular_file() && name.starts_with("rank-") && name.ends_with(".jsonl")) files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  for (const auto& file : files) {
    const std::string text = read_text(file.string());
    std::size_t start = 0, good_end = 0;
    while (start < text.size()) {
      const std::size_t nl = text.find('\n', start);
      if (nl == std::string::npos) break;  // torn last line
      auto record = parse_json_line(text.substr(start, nl - start));
      if (!record) break;  // a corrupt line: everything after it is suspect
      out[record->id] = std::move(*record);
      start = nl + 1;
      good_end = start;
    }
    if (repair && good_end < text.size()) fs::resize_file(file, good_end, ec);
  }
  return out;
}

std::size_t count_progress_lines(const std::string& progress_dir) {
  std::size_t n = 0;
  std::error_code ec;
  if (!fs::is_directory(progress_dir, ec)) return 0;
  for (const auto& entry : fs::directory_iterator(progress_dir, ec)) {
    const auto name = entry.path().filename().string();
    if (!name.starts_with("rank-") || !name.ends_with(".jsonl")) continue;
    const std::string text = read_text(entry.path().string());
    for (char c : text) n += c == '\n';
  }
  return n;
}

}  // namespace moce::eval
