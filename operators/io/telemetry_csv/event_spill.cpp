// Bucketed run files for the events of an import.
#include "operators/io/telemetry_csv/event_spill.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <string>

#include "runtime/error.hpp"

namespace moce::telemetry {

EventSpill::EventSpill(std::filesystem::path dir, std::int32_t num_incidents)
    : dir_(std::move(dir)),
      num_incidents_(std::max(num_incidents, 1)),
      num_buckets_(std::min(num_incidents_, kMaxBuckets)) {
  std::error_code error;
  if (!std::filesystem::create_directory(dir_, error))
    throw InputError(cat(dir_.string(), ": cannot create the temporary directory for sorting events (",
                         error ? error.message() : "it exists", ")"));
  pending_.resize(static_cast<std::size_t>(num_buckets_));
  files_.assign(static_cast<std::size_t>(num_buckets_), nullptr);
  for (std::int32_t b = 0; b < num_buckets_; ++b) {
    const auto path = (dir_ / ("bucket-" + std::to_string(b))).string();
    files_[static_cast<std::size_t>(b)] = std::fopen(path.c_str(), "w+b");
    if (!files_[static_cast<std::size_t>(b)])
      throw InputError(cat(path, ": cannot create a temporary run file (", std::strerror(errno), ")"));
  }
}

EventSpill::~EventSpill() {
  for (auto* f : files_)
    if (f) std::fclose(f);
  std::error_code ignored;
  std::filesystem::remove_all(dir_, ignored);
}

void EventSpill::flush(std::int32_t bucket) {
  auto& pending = pending_[static_cast<std::size_t>(bucket)];
  if (pending.empty()) return;
  auto* file = files_[static_cast<std::size_t>(bucket)];
  if (std::fwrite(pending.data(), sizeof(SpilledEvent), pending.size(), file) != pending.size())
    throw InputError(cat(dir_.string(), ": writing a temporary run file failed (", std::strerror(errno), ")"));
  rows_ += static_cast<std::int64_t>(pending.size());
  pending.clear();
}

void EventSpill::finish() {
  for (std::int32_t b = 0; b < num_buckets_; ++b) flush(b);
  pending_.clear();
  pending_.shrink_to_fit();
}

void EventSpill::load(std::int32_t bucket) {
  auto* file = files_[static_cast<std::size_t>(bucket)];
  const std::string where = cat(dir_.string(), ": reading back run file ", bucket);
  if (std::fflush(file) != 0 || std::fseek(file, 0, SEEK_END) != 0) throw InputError(where + " failed");
  const long bytes = std::ftell(file);
  if (bytes < 0 || std::fseek(file, 0, SEEK_SET) != 0) throw InputError(where + " failed");
  current_.resize(static_cast<std::size_t>(bytes) / sizeof(SpilledEvent));
  if (std::fread(current_.data(), sizeof(SpilledEvent), current_.size(), file) != current_.size())
    throw InputError(where + " failed");
  std::fclose(file);
  files_[static_cast<std::size_t>(bucket)] = nullptr;
  std::filesystem::remove(dir_ / ("bucket-" + std::to_string(bucket)));
  // Stable: events with equal (session, ts) keep their order in events.csv. Files written in
  // corpus order (as 'moce export' writes them) are already sorted: check first, in one pass,
  // rather than pay the merge sort and its buffer.
  auto before = [](const SpilledEvent& a, const SpilledEvent& b) {
    if (a.incident != b.incident) return a.incident < b.incident;
    if (a.session != b.session) return a.session < b.session;
    return a.ts < b.ts;
  };
  if (!std::is_sorted(current_.begin(), current_.end(), before))
    std::stable_sort(current_.begin(), current_.end(), before);
  loaded_ = bucket;
  cursor_ = 0;
}

std::span<const SpilledEvent> EventSpill::incident_events(std::int32_t incident) {
  const auto bucket = bucket_of(incident);
  if (bucket != loaded_) load(bucket);
  auto begin = cursor_;
  while (begin < current_.size() && current_[begin].incident < incident) ++begin;
  auto end = begin;
  while (end < current_.size() && current_[end].incident == incident) ++end;
  cursor_ = end;
  return {current_.data() + begin, end - begin};
}

}  // namespace moce::telemetry
