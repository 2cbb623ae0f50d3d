// Lead: one hypothesis an expert puts forward (MoCE sec. 3.2: "ranked leads with confidence"),
// named by a canonical id (formats/telemetry-csv.md) so that leads of different experts about
// the same entity merge in the mixture, and carrying the numbers behind it as evidence.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace moce::experts {

// The numbers behind a lead: windows, means, counts, p-values, effect sizes, in the order the
// expert found them worth showing.
struct Evidence {
  std::vector<std::pair<std::string, double>> numbers;
  std::string note;  // free text, e.g. the test used

  Evidence& add(std::string name, double value) {
    numbers.emplace_back(std::move(name), value);
    return *this;
  }
  // The value named `name`, or NaN.
  double get(std::string_view name) const;
  std::size_t bytes() const;
};

struct Lead {
  std::string id;          // canonical lead id
  double confidence = 0;   // the expert's own score in [0, 1]; higher is surer
  Evidence evidence;
  std::size_t bytes() const { return sizeof(Lead) + id.size() + evidence.bytes(); }
};

// An expert's answer: leads best first. Empty when the expert finds nothing (not an error).
struct Leads {
  std::vector<Lead> leads;
  std::size_t bytes() const;
  std::size_t size() const { return leads.size(); }
  bool empty() const { return leads.empty(); }
};

// Sorts by confidence descending, ties by id ascending (a deterministic total order), and keeps
// the first `limit` (0 = all).
void rank_leads(std::vector<Lead>& leads, std::size_t limit = 0);

// Canonical lead ids (formats/telemetry-csv.md).
namespace lead_id {
std::string url(std::string_view url);
std::string cohort(std::string_view attribute, std::string_view value);
// A combination of attribute values, parts sorted by attribute name ("a:v&b:w").
std::string combination(std::vector<std::pair<std::string, std::string>> parts);
// pattern:e1>e2>e3
std::string pattern(const std::vector<std::string>& events);
std::string lifecycle(std::string_view which);  // first_session | returning
std::string log(std::string_view log_template);
}  // namespace lead_id

}  // namespace moce::experts
