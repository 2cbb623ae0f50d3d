// Expert parameters and applicability.
#include "experts/core/expert.hpp"

#include <algorithm>
#include <charconv>

#include "runtime/error.hpp"

namespace moce::experts {

bool ExpertInfo::serves(KpiKind kind) const {
  return std::find(kpi_kinds.begin(), kpi_kinds.end(), kind) != kpi_kinds.end();
}

Expert::Expert(ExpertInfo info, const Config* config) : info_(std::move(info)), config_(config) {
  Hasher hasher;
  hasher.add_string(info_.name);
  key_ = hasher.key();
}

std::string Expert::applicability(const IncidentInput&) const { return ""; }

void Expert::record(const std::string& key, std::string value) {
  parameters_.emplace_back(key, std::move(value));
  Hasher hasher;
  hasher.add(key_);
  hasher.add_string(key);
  hasher.add_string(parameters_.back().second);
  key_ = hasher.key();
}

namespace {
// Shortest text that reads back as the same double, so the key changes with any change of value.
std::string shortest(double value) {
  char buffer[64];
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
  return ec == std::errc() ? std::string(buffer, end) : cat(value);
}
std::string section_key(const ExpertInfo& info, const std::string& key) { return "expert." + info.name + "." + key; }
}  // namespace

double Expert::param(const std::string& key, double fallback, double min, double max) {
  const double value = config_ ? config_->get_double(section_key(info_, key), fallback, min, max) : fallback;
  record(key, shortest(value));
  return value;
}

std::int64_t Expert::param_int(const std::string& key, std::int64_t fallback, std::int64_t min, std::int64_t max) {
  const std::int64_t value = config_ ? config_->get_int(section_key(info_, key), fallback, min, max) : fallback;
  record(key, cat(value));
  return value;
}

bool Expert::param_bool(const std::string& key, bool fallback) {
  const bool value = config_ ? config_->get_bool(section_key(info_, key), fallback) : fallback;
  record(key, value ? "true" : "false");
  return value;
}

std::string Expert::param_string(const std::string& key, const std::string& fallback) {
  std::string value = config_ ? config_->get_string(section_key(info_, key), fallback) : fallback;
  record(key, value);
  return value;
}

}  // namespace moce::experts
