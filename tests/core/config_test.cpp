// Config: INI parsing, command-line overrides, range-checked getters with messages naming the key.
#include <gtest/gtest.h>

#include "runtime/config.hpp"
#include "runtime/error.hpp"

namespace moce {
namespace {

std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

TEST(Config, ParsesSectionsCommentsAndBom) {
  Config c;
  c.parse_ini("\xEF\xBB\xBF# comment\nseed = 7\n[world]\nisps = 30 \n; other\n[incidents]\nper_category=36\n", "t.ini");
  EXPECT_EQ(c.get_int("seed", 0, 0, 100), 7);
  EXPECT_EQ(c.get_int("world.isps", 0, 1, 100), 30);
  EXPECT_EQ(c.get_int("incidents.per_category", 0, 1, 100), 36);
  EXPECT_EQ(c.get_int("incidents.absent", 5, 1, 100), 5);
}

TEST(Config, CommandLineOverridesTheFile) {
  Config c;
  c.parse_ini("seed = 7\n", "t.ini");
  c.set("seed", "9");
  EXPECT_EQ(c.get_int("seed", 0, 0, 100), 9);
}

TEST(Config, OutOfRangeNamesKeySourceAndRange) {
  Config c;
  c.parse_ini("[world]\nisps = 0\n", "w.ini");
  EXPECT_EQ(error_of([&] { c.get_int("world.isps", 1, 1, 1000); }),
            "config key 'world.isps' (w.ini:2): 0 is outside the allowed range [1, 1000]");
  c.set("world.fraction", "abc");
  EXPECT_EQ(error_of([&] { c.get_double("world.fraction", 0.5, 0, 1); }),
            "config key 'world.fraction' (command line): expected a number in [0, 1], got 'abc'");
}

TEST(Config, MalformedLinesNameTheLine) {
  Config c;
  EXPECT_EQ(error_of([&] { c.parse_ini("a = 1\nnot a pair\n", "x.ini"); }),
            "x.ini:2: expected 'key = value', got 'not a pair'");
  EXPECT_EQ(error_of([&] { c.parse_ini("[open\n", "x.ini"); }),
            "x.ini:1: malformed section header '[open', expected [name]");
  EXPECT_NE(error_of([&] { c.load_ini("/nonexistent/x.ini"); }).find("'/nonexistent/x.ini': cannot be read"),
            std::string::npos);
}

TEST(Config, UnreadKeysAreRejected) {
  Config c;
  c.parse_ini("seed = 1\nsede = 2\n", "t.ini");
  c.get_int("seed", 0, 0, 10);
  EXPECT_EQ(error_of([&] { c.reject_unread("moce test"); }), "moce test: unknown config key 'sede' (t.ini:2)");
}

TEST(Config, ListsBoolsAndRoundTripThroughIni) {
  Config c;
  c.parse_ini("top = 1\n[a]\nlist = x, y ,,z\nflag = yes\n[b]\nk = v\n", "t.ini");
  EXPECT_EQ(c.get_list("a.list", {}), (std::vector<std::string>{"x", "y", "z"}));
  EXPECT_TRUE(c.get_bool("a.flag", false));
  Config again;
  again.parse_ini(c.to_ini(), "resolved");
  EXPECT_EQ(again.get_string("top", ""), "1");
  EXPECT_EQ(again.get_string("b.k", ""), "v");
  EXPECT_EQ(again.get_string("a.list", ""), "x, y ,,z");
}

// Found by the config fuzz target (tests/fuzz/regressions/config/): a section name holding '=' or
// a key with a space or a byte order mark parsed, but its to_ini() text read back differently.
TEST(Config, NamesThatWouldNotRoundTripAreRejected) {
  for (const char* text : {"[expert.x = y]\nk = 1\n", "seed x = 1\n", "a = 1\n\xEF\xBB\xBF" "b = 2\n", "[.x]\nk = 1\n",
                           "[a..b]\nk = 1\n", "[ ]\nk = 1\n"}) {
    Config c;
    try {
      c.parse_ini(text, "t.ini");
      ADD_FAILURE() << "accepted: " << text;
    } catch (const ConfigError& e) {
      EXPECT_NE(std::string(e.what()).find("is not a valid name"), std::string::npos) << e.what();
      EXPECT_EQ(std::string(e.what()).rfind("t.ini:", 0), 0U) << e.what();
    }
  }
  Config ok;
  ok.parse_ini("[expert.cohort_differential]\nmin_z = 3\nweight.url-mle_2 = 1\n", "t.ini");
  Config again;
  again.parse_ini(ok.to_ini(), "again.ini");
  EXPECT_EQ(again.get_string("expert.cohort_differential.weight.url-mle_2", ""), "1");
  EXPECT_EQ(again.get_string("expert.cohort_differential.min_z", ""), "3");
}

}  // namespace
}  // namespace moce
