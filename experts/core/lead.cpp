// Lead helpers: ranking and canonical ids.
#include "experts/core/lead.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace moce::experts {

double Evidence::get(std::string_view name) const {
  for (const auto& [key, value] : numbers)
    if (key == name) return value;
  return std::numeric_limits<double>::quiet_NaN();
}

std::size_t Evidence::bytes() const {
  std::size_t total = note.size();
  for (const auto& [key, value] : numbers) total += key.size() + sizeof(value) + sizeof(std::string);
  return total;
}

std::size_t Leads::bytes() const {
  std::size_t total = sizeof(Leads);
  for (const auto& lead : leads) total += lead.bytes();
  return total;
}

void rank_leads(std::vector<Lead>& leads, std::size_t limit) {
  std::stable_sort(leads.begin(), leads.end(), [](const Lead& a, const Lead& b) {
    // NaN confidences sort last: an expert bug must not reorder the others.
    const bool an = std::isnan(a.confidence), bn = std::isnan(b.confidence);
    if (an != bn) return bn;
    if (a.confidence != b.confidence) return a.confidence > b.confidence;
    return a.id < b.id;
  });
  if (limit > 0 && leads.size() > limit) leads.resize(limit);
}

namespace lead_id {

std::string url(std::string_view url) { return "url:" + std::string(url); }

std::string cohort(std::string_view attribute, std::string_view value) {
  std::string id(attribute);
  id += ':';
  id += value;
  return id;
}

std::string combination(std::vector<std::pair<std::string, std::string>> parts) {
  std::sort(parts.begin(), parts.end());
  std::string id;
  for (const auto& [attribute, value] : parts) {
    if (!id.empty()) id += '&';
    id += cohort(attribute, value);
  }
  return id;
}

std::string pattern(const std::vector<std::string>& events) {
  std::string id = "pattern:";
  for (std::size_t i = 0; i < events.size(); ++i) {
    if (i) id += '>';
    id += events[i];
  }
  return id;
}

std::string lifecycle(std::string_view which) { return "lifecycle:" + std::string(which); }
std::string log(std::string_view log_template) { return "log:" + std::string(log_template); }

}  // namespace lead_id
}  // namespace moce::experts
