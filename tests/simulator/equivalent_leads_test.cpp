// Equivalent leads: values of two attributes that hold exactly the same users are found from the
// world's sample and recorded as alternatives of one cause. Checked against the structure of the
// conditional attributes (a value allowed for one parent value only, which allows only it).
#include <gtest/gtest.h>

#include <set>

#include "operators/io/corpus_reader.hpp"
#include "runtime/config.hpp"
#include "sim_test_support.hpp"
#include "simulator/simulate_corpus.hpp"
#include "tests/support/test_support.hpp"

namespace moce::sim {
namespace {

// Brute force from the world's structure: parent value p and child value c of a conditional
// attribute cover the same users when c is the only value allowed for p and p the only parent
// value allowing c (equivalence is transitive down a chain of such attributes).
std::set<std::pair<std::string, std::string>> structural_pairs(const World& w) {
  std::set<std::pair<std::string, std::string>> out;
  for (auto& a : w.attributes) {
    if (a.mode != AttributeMode::kConditional) continue;
    const auto& up = w.attributes[static_cast<std::size_t>(a.parent)];
    for (std::size_t p = 0; p < a.allowed.size(); ++p) {
      if (a.allowed[p].size() != 1) continue;
      const auto c = a.allowed[p][0];
      int parents = 0;
      for (auto& list : a.allowed) parents += std::count(list.begin(), list.end(), c) > 0 ? 1 : 0;
      if (parents == 1) out.insert({up.name + ":" + up.values[p], a.name + ":" + a.values[static_cast<std::size_t>(c)]});
    }
  }
  return out;
}

std::set<std::pair<std::string, std::string>> found_pairs(const World& w, const WorldStats& stats) {
  std::set<std::pair<std::string, std::string>> out;
  for (std::size_t a = 0; a < w.attributes.size(); ++a)
    for (std::int32_t v = 0; v < static_cast<std::int32_t>(w.attributes[a].values.size()); ++v)
      for (auto& [b, x] : stats.equivalents(static_cast<int>(a), v))
        if (b > static_cast<int>(a))
          out.insert({stats.lead_id({{static_cast<int>(a), v}}), stats.lead_id({{b, x}})});
  return out;
}

TEST(EquivalentLeads, DefaultWorldPairsTheIpadWithIpadosAndNothingElse) {
  const auto world = test::default_world();
  const WorldStats stats(world);
  EXPECT_EQ(found_pairs(world, stats), structural_pairs(world));
  EXPECT_TRUE(found_pairs(world, stats).count({"device:ipad", "os:iPadOS"}));
  EXPECT_TRUE(found_pairs(world, stats).count({"device:roku", "os:Roku OS"}));
  const int device = 4;
  ASSERT_EQ(world.attributes[device].name, "device");
  const auto ipad = world.attribute_dicts[device]->find("ipad"), iphone = world.attribute_dicts[device]->find("iphone");
  EXPECT_EQ(stats.truth({{device, ipad}}), "device:ipad|os:iPadOS");
  EXPECT_EQ(stats.truth({{device, iphone}}), "device:iphone");  // iOS also runs on web-mobile
  // A combination's alternatives: each part replaced by its equivalents, parts sorted by name.
  const auto isp1 = world.attribute_dicts[0]->find("ISP-1");
  EXPECT_EQ(stats.truth({{device, ipad}, {0, isp1}}), "device:ipad&isp:ISP-1|isp:ISP-1&os:iPadOS");
  for (auto& cause : split_alternatives(stats.truth({{device, ipad}, {0, isp1}}))) EXPECT_TRUE(is_canonical_lead_id(cause));
}

TEST(EquivalentLeads, AlternativeWorldChainsKioskThroughItsOnlyRelease) {
  const auto world = test::world_from("world_alt.ini");
  const WorldStats stats(world);
  // kiosk -> KioskOS -> KioskOS 3 (transitive), fire-tablet -> FireOS; the structure gives the
  // direct pairs, the sample also the transitive one.
  auto found = found_pairs(world, stats);
  for (auto& pair : structural_pairs(world)) EXPECT_TRUE(found.count(pair)) << pair.first << " " << pair.second;
  EXPECT_TRUE(found.count({"handset:kiosk", "platform_release:KioskOS 3"}));
  EXPECT_EQ(found.size(), structural_pairs(world).size() + 1);
  const auto handset = 3;
  EXPECT_EQ(stats.truth({{handset, world.attribute_dicts[handset]->find("kiosk")}}),
            "handset:kiosk|platform:KioskOS|platform_release:KioskOS 3");
}

TEST(EquivalentLeads, CohortIncidentsOnAnEquivalentValueRecordBothIds) {
  // Force cohort incidents onto the device attribute: every ipad cause names iPadOS too.
  const auto world = test::default_world({{"category.cohort_errors.attributes", "device"},
                                          {"category.cohort_errors.min_value_share", "0"}});
  int ipads = 0;
  for (auto& p : plan_incidents(world, 2, 60)) {
    if (p.spec.category != "cohort_errors") continue;
    ASSERT_EQ(p.spec.truth.size(), 1u);
    const auto alternatives = split_alternatives(p.spec.truth[0]);
    if (alternatives[0] == "device:ipad") {
      ++ipads;
      EXPECT_EQ(alternatives, (std::vector<std::string>{"device:ipad", "os:iPadOS"}));
    }
    if (alternatives[0] == "device:iphone") EXPECT_EQ(alternatives.size(), 1u);
  }
  EXPECT_GT(ipads, 0);
}

TEST(QuickstartCorpus, NoIncidentIsBelowTheRealisedFloor) {
  moce::test::TempDir dir;
  Config user;
  user.load_ini(test::configs_dir() + "/quickstart.ini");
  const auto config = resolve_world_config(user);
  const auto world = load_world(config);
  SimulateOptions options;
  options.seed = static_cast<std::uint64_t>(config.get_int("seed", 1, 0, INT64_MAX));
  options.incidents_per_category = config.get_int("incidents-per-category", 2, 1, 1000);
  options.sessions_per_incident = config.get_int("sessions-per-incident", 1000, 1, 1000000);
  config.get_string("compression", "");
  auto local = make_local_context();
  simulate_corpus(world, options, dir.file("q.h5"), *local, "");
  CorpusReader reader(dir.file("q.h5"));
  std::set<std::string> categories;
  for (auto& spec : read_incident_index(reader)) {
    SCOPED_TRACE(spec.id + " " + spec.params);
    categories.insert(spec.category);
    if (spec.category == "null") {
      EXPECT_TRUE(spec.truth.empty());
      continue;
    }
    // Every cause's recorded z and affected count (params z=, affected=, cause2_z=, ...).
    for (std::size_t c = 0; c < spec.truth.size(); ++c) {
      const std::string prefix = c == 0 ? ";" : cat(";cause", c + 1, "_");
      const auto z = spec.params.find(prefix + "z="), affected = spec.params.find(prefix + "affected=");
      ASSERT_NE(z, std::string::npos);
      ASSERT_NE(affected, std::string::npos);
      EXPECT_GE(std::stod(spec.params.substr(z + prefix.size() + 2)), world.min_effect_z);
      EXPECT_GE(std::stoll(spec.params.substr(affected + prefix.size() + 9)), world.min_affected);
    }
  }
  EXPECT_EQ(categories.size(), 14u);
}

}  // namespace
}  // namespace moce::sim
