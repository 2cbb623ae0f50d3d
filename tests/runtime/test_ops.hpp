// Small operators shared by the runtime tests: they count their runs and log their order.
#pragma once

#include <cstddef>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/dag/hash.hpp"

namespace moce::test {

// A log of operator runs, shared by copies of an operator (operators are values).
struct RunLog {
  std::mutex mutex;
  std::vector<std::string> runs;
  void record(const std::string& what) {
    std::lock_guard lock(mutex);
    runs.push_back(what);
  }
  std::size_t count(const std::string& what) {
    std::lock_guard lock(mutex);
    std::size_t n = 0;
    for (const auto& run : runs) n += run == what;
    return n;
  }
};

// A source: returns `value`, logged as its label. The label is a parameter (enters the key).
struct Source {
  std::string label;
  long value = 0;
  std::shared_ptr<RunLog> log;
  std::string_view name() const { return "source"; }
  void hash_params(Hasher& h) const {
    h.add(label);
    h.add(value);
  }
  long run() const {
    if (log) log->record(label);
    return value;
  }
};

// a + b, logged as its label.
struct Add {
  std::string label;
  std::shared_ptr<RunLog> log;
  std::string_view name() const { return "add"; }
  void hash_params(Hasher& h) const { h.add(label); }
  long run(long a, long b) const {
    if (log) log->record(label);
    return a + b;
  }
};

// A value of a declared size, to drive the cache by hand.
struct Blob {
  long id = 0;
  std::size_t size = 0;
  std::size_t bytes() const { return size; }
};

// Makes a Blob of `size` bytes; logged as its label.
struct MakeBlob {
  std::string label;
  std::size_t size = 0;
  std::shared_ptr<RunLog> log;
  std::string_view name() const { return "make_blob"; }
  void hash_params(Hasher& h) const {
    h.add(label);
    h.add(size);
  }
  Blob run() const {
    if (log) log->record(label);
    return Blob{static_cast<long>(size), size};
  }
};

// Throws std::out_of_range with `message` (a distinctive type, to check it survives wrapping).
struct Explode {
  std::string message;
  std::shared_ptr<RunLog> log;
  std::string_view name() const { return "explode"; }
  void hash_params(Hasher& h) const { h.add(message); }
  long run() const {
    if (log) log->record("explode");
    throw std::out_of_range(message);
  }
};

}  // namespace moce::test
