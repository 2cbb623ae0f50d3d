// External sort of events.csv rows: pass 1 appends each resolved row to the run file of its
// incident's bucket (contiguous ranges of incidents, at most kMaxBuckets files); then one bucket
// at a time is loaded and stably sorted by (incident, session, ts). Memory is bounded by the
// largest bucket, not the file (40 bytes a row, twice that while sorting).
#pragma once

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <span>
#include <vector>

namespace moce::telemetry {

struct SpilledEvent {
  std::int64_t session = 0;  // row in the incident's sessions table
  double ts = 0;
  double latency_ms = 0;     // NaN = none
  std::int32_t incident = 0;
  std::int32_t event = 0;    // codes; -1 = missing
  std::int32_t url = 0;
  std::int32_t status = 0;
};

class EventSpill {
 public:
  static constexpr std::int32_t kMaxBuckets = 256;

  // Creates `dir` (which must not exist) for the run files; the destructor removes it.
  EventSpill(std::filesystem::path dir, std::int32_t num_incidents);
  ~EventSpill();
  EventSpill(const EventSpill&) = delete;
  EventSpill& operator=(const EventSpill&) = delete;

  void add(const SpilledEvent& event) {
    auto& pending = pending_[static_cast<std::size_t>(bucket_of(event.incident))];
    pending.push_back(event);
    if (pending.size() == kPendingRows) flush(bucket_of(event.incident));
  }
  // Flushes every bucket; call once, after the last add().
  void finish();
  std::int64_t rows() const { return rows_; }

  // The events of incident `incident`, sorted stably by (session, ts). Incidents must be asked
  // for in increasing order; each bucket is read from disk once.
  std::span<const SpilledEvent> incident_events(std::int32_t incident);

 private:
  static constexpr std::size_t kPendingRows = 2048;
  std::int32_t bucket_of(std::int32_t incident) const {
    return static_cast<std::int32_t>(static_cast<std::int64_t>(incident) * num_buckets_ / num_incidents_);
  }
  void flush(std::int32_t bucket);
  void load(std::int32_t bucket);

  std::filesystem::path dir_;
  std::int32_t num_incidents_;
  std::int32_t num_buckets_;
  std::vector<std::FILE*> files_;
  std::vector<std::vector<SpilledEvent>> pending_;
  std::int64_t rows_ = 0;
  std::int32_t loaded_ = -1;
  std::vector<SpilledEvent> current_;  // the loaded bucket, sorted
  std::size_t cursor_ = 0;             // first row of the next incident in current_
};

}  // namespace moce::telemetry
