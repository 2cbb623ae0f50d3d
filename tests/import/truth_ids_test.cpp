// Truth cells: ';' separates causes, '|' equivalent ids of one cause; every alternative must be a
// canonical lead id, combinations have their parts sorted by name, and join_truth inverts parse_truth.
#include <gtest/gtest.h>

#include "operators/io/incident_index.hpp"
#include "runtime/error.hpp"

namespace moce {
namespace {

using V = std::vector<std::string>;

TEST(TruthIds, CombinationsNeedSortedDistinctNames) {
  for (const char* ok : {"device:ipad&isp:ISP-3", "a:1&b:2&c:3", "app_version:8.1&os_version:iOS 17"})
    EXPECT_TRUE(is_canonical_lead_id(ok)) << ok;
  for (const char* bad : {"isp:ISP-3&device:ipad", "a:1&a:2", "a:1&c:3&b:2", "device:ipad|os:iPadOS", "a:1;b:2"})
    EXPECT_FALSE(is_canonical_lead_id(bad)) << bad;
}

TEST(TruthIds, ParseSplitsCausesAndKeepsAlternatives) {
  EXPECT_EQ(parse_truth("device:ipad|os:iPadOS;url:/api/x", "w"), (V{"device:ipad|os:iPadOS", "url:/api/x"}));
  EXPECT_EQ(split_alternatives("device:ipad|os:iPadOS"), (V{"device:ipad", "os:iPadOS"}));
  EXPECT_EQ(split_alternatives("url:/x"), (V{"url:/x"}));
  EXPECT_TRUE(parse_truth("", "w").empty());
  for (const char* text : {"isp:a;url:/b", "device:ipad|os:iPadOS", "a:1&b:2|c:3&d:4;lifecycle:returning", "log:x"})
    EXPECT_EQ(join_truth(parse_truth(text, "w")), text);
}

TEST(TruthIds, EveryAlternativeIsChecked) {
  try {
    parse_truth("url:/x;device:ipad|os", "incidents.csv:4");
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("incidents.csv:4: truth id 'os' is malformed"), std::string::npos) << e.what();
  }
  EXPECT_THROW(parse_truth("device:ipad|", "w"), InputError);
  EXPECT_THROW(parse_truth("isp:b&device:a", "w"), InputError);
}

TEST(TruthIds, ValidateWantsOneCausePerElement) {
  IncidentSpec s;
  s.id = "i";
  s.kpi = "k";
  s.historical = {0, 1};
  s.anomaly = {1, 2};
  s.truth = {"device:ipad|os:iPadOS", "url:/x"};
  EXPECT_NO_THROW(validate(s, "w"));
  s.truth = {"device:ipad;url:/x"};
  EXPECT_THROW(validate(s, "w"), InputError);
}

}  // namespace
}  // namespace moce
