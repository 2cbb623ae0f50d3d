// `--hypotheses FILE`: the shipped example parses, and each kind of schema violation is an
// InputError naming the file, the entry index and the field.
#include <gtest/gtest.h>

#include <fstream>

#include "experts/opportunity/hypotheses_file.hpp"
#include "experts/opportunity/json.hpp"
#include "runtime/error.hpp"
#include "tests/support/test_support.hpp"

namespace moce::experts::opportunity {
namespace {

const std::vector<std::string> kKpis = {"login_success", "payment_conversion", "search_time", "play_start_time",
                                        "session_errors", "play_success", "login_time"};
const std::vector<std::string> kAttributes = {"isp", "cdn", "os_version", "app_version"};

std::string error_of(const std::string& text) {
  try {
    parse_hypotheses(text, "h.json", kKpis, kAttributes);
  } catch (const InputError& e) {
    return e.what();
  }
  return "(no error)";
}

TEST(HypothesesFile, ExampleFileParsesIntoItsEntries) {
  const auto path = test::source_path("configs/hypotheses.example.json");
  const auto h = load_hypotheses(path, kKpis, {"isp", "cdn", "os_version", "app_version"});
  ASSERT_EQ(h.size(), 12u);
  EXPECT_EQ(h[0].family, Template::kEventPattern);
  EXPECT_EQ(h[0].pattern.k, 3);
  EXPECT_EQ(h[1].pattern.only, (std::vector<std::string>{"buy_plan", "web_cors_error", "timeout_error"}));
  EXPECT_EQ(h[2].family, Template::kLifecycle);
  EXPECT_EQ(h[2].atom.name(), "session_index>1");
  EXPECT_EQ(h[2].cross, "os_version");
  EXPECT_EQ(h[5].atom.name(), "night");
  EXPECT_EQ(h[6].atom.name(), "hour[0,6)");
  EXPECT_EQ(h[10].atom.name(), "load>=p90");
  EXPECT_EQ(h[11].family, Template::kStatic);
  for (auto& x : h) EXPECT_EQ(x.source, "file");
}

TEST(HypothesesFile, SchemaErrorsNameEntryAndField) {
  EXPECT_EQ(error_of(R"([1])"), "h.json: expected a JSON object {\"hypotheses\": [...]}");
  EXPECT_EQ(error_of(R"({"hypotheses": [{"kpi": "login_success"}]})"),
            "h.json: hypotheses[0].template: missing (required)");
  EXPECT_EQ(error_of(R"({"hypotheses": [{"template": "lifecycle", "kpi": "nope", "derived": "session_index", "value": 1}]})"),
            "h.json: hypotheses[0].kpi: unknown value \"nope\" (expected one of: login_success, payment_conversion, "
            "search_time, play_start_time, session_errors, play_success, login_time)");
  const auto ok = R"({"template": "lifecycle", "kpi": "login_success", "derived": "session_index", "value": 1})";
  EXPECT_EQ(error_of(std::string(R"({"hypotheses": [)") + ok + R"(, {"template": "lifecycle", "kpi": "login_success", "derived": "session_index", "value": "1"}]})"),
            "h.json: hypotheses[1].value: expected a number, got a string");
  EXPECT_EQ(error_of(R"({"hypotheses": [{"template": "lifecycle", "kpi": "login_success", "derived": "night", "value": 1}]})"),
            "h.json: hypotheses[0].derived: unknown value \"night\" (expected one of: session_index, inactive_hours)");
  EXPECT_EQ(error_of(R"({"hypotheses": [{"template": "event_pattern", "kpi": "login_success", "k": 7}]})"),
            "h.json: hypotheses[0].k: expected an integer in 1..4, got 7");
  EXPECT_EQ(error_of(R"({"hypotheses": [{"template": "event_pattern", "kpi": "login_success", "k": 2, "pattern": ["a"]}]})"),
            "h.json: hypotheses[0].pattern: expected k = 2 tokens, got 1");
  EXPECT_EQ(error_of(R"({"hypotheses": [{"template": "indirect", "kpi": "login_success", "derived": "night", "value": 1, "color": "red"}]})"),
            "h.json: hypotheses[0].color: unknown field (allowed here: template, kpi, cross, derived, op, value, value2, "
            "comment)");
  EXPECT_EQ(error_of(R"({"hypotheses": [{"template": "indirect", "kpi": "login_success", "derived": "hour", "op": "in", "value": 6, "value2": 3}]})"),
            "h.json: hypotheses[0].value2: must exceed value (6)");
  EXPECT_EQ(error_of(R"({"hypotheses": [{"template": "static", "kpi": "login_success", "cross": "planet"}]})"),
            "h.json: hypotheses[0].cross: unknown value \"planet\" (expected one of: isp, cdn, os_version, app_version)");
}

TEST(HypothesesFile, MalformedJsonNamesLineAndColumn) {
  EXPECT_EQ(error_of("{\"hypotheses\": [\n  {\"template\": \"static\",}\n]}"),
            "h.json: line 2, column 25: expected a string key");
  EXPECT_EQ(error_of("{\"hypotheses\": []} x"), "h.json: line 1, column 20: unexpected text after the JSON value");
  EXPECT_EQ(error_of("{\"a\": 1, \"a\": 2}"), "h.json: line 1, column 13: duplicate key \"a\"");
  EXPECT_EQ(error_of("{\"hypotheses\": [01]}"), "h.json: line 1, column 18: expected ']'");
}

TEST(HypothesesFile, JsonValuesAndEscapes) {
  const auto j = parse_json(R"({"s": "a\"b\\c\u00e9\n", "n": -1.5e2, "t": true, "z": null, "l": [1, 2]})", "x");
  EXPECT_EQ(j.find("s")->string, "a\"b\\c\xc3\xa9\n");
  EXPECT_EQ(j.find("n")->number, -150);
  EXPECT_TRUE(j.find("t")->boolean);
  EXPECT_EQ(j.find("z")->type, Json::Type::kNull);
  EXPECT_EQ(j.find("l")->array.size(), 2u);
}

}  // namespace
}  // namespace moce::experts::opportunity
