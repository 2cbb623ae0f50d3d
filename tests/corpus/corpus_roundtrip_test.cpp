// Corpus writer and reader in one process: what is written is read back exactly.
#include <gtest/gtest.h>

#include <filesystem>

#include "operators/io/corpus_reader.hpp"
#include "operators/io/corpus_writer.hpp"
#include "operators/io/hdf5.hpp"
#include "operators/io/incident_index.hpp"
#include "tests/corpus/corpus_fixture.hpp"
#include "tests/support/test_support.hpp"

namespace moce {
namespace {

corpus::Provenance provenance() {
  corpus::Provenance p;
  p.seed = 42;
  p.config_text = "[world]\nisps = 3\n";
  p.generator = "corpus test";
  return p;
}

TEST(CorpusRoundTrip, ReadsBackExactlyWhatWasWritten) {
  test::TempDir dir;
  const auto path = dir.file("c.h5");
  auto isp = test::isp_dictionary();
  auto table = test::table_rows(0, 100, isp);
  auto events = test::session_events(0, 50);
  Relation empty;
  empty.add("a", Column::int64({})).add("b", Column::categorical({}, isp));
  for (int compression : {0, 6}) {
    {
      CorpusWriter w(path, test::world(), provenance(), {compression, 16});
      w.append("/t", table);
      w.append_sequence("/inc/events", "/inc/events_offsets", events);
      w.append("/empty", empty);
      w.set_attribute("/t", "note", std::string("ünïcode"));
      w.set_attribute("/t", "count", std::int64_t{7});
      w.commit();
    }
    CorpusReader r(path);
    EXPECT_TRUE(r.read("/t").equals(table));
    EXPECT_TRUE(r.read_sequence("/inc/events", "/inc/events_offsets").equals(events));
    auto back = r.read("/empty");
    EXPECT_EQ(back.num_rows(), 0u);
    EXPECT_TRUE(back.equals(empty));
    EXPECT_EQ(r.dictionary("isp")->values(), isp->values());
    EXPECT_EQ(r.string_attribute("/t", "note"), "ünïcode");
    EXPECT_EQ(r.int_attribute("/t", "count"), 7);
    EXPECT_EQ(r.provenance().seed, 42);
    EXPECT_EQ(r.provenance().config_text, "[world]\nisps = 3\n");
    EXPECT_EQ(r.provenance().ranks, 1);
    EXPECT_FALSE(r.provenance().git_sha.empty());
    EXPECT_EQ(r.members("/t"), (std::vector<std::string>{"id", "x", "isp"}));  // creation order
  }
}

TEST(CorpusRoundTrip, AppendsConcatenateAndSharesReadHyperslabs) {
  test::TempDir dir;
  const auto path = dir.file("c.h5");
  auto isp = test::isp_dictionary();
  {
    CorpusWriter w(path, test::world(), provenance(), {1, 8});
    // Three appends of 0, 30 and 45 rows (chunks of 8 rows) and a sequence in two appends.
    w.append("/t", test::table_rows(0, 0, isp));
    w.append("/t", test::table_rows(0, 30, isp));
    w.append("/t", test::table_rows(30, 75, isp));
    w.append_sequence("/s/events", "/s/offsets", test::session_events(0, 20));
    w.append_sequence("/s/events", "/s/offsets", test::session_events(20, 41));
    w.commit();
  }
  CorpusReader r(path);
  EXPECT_TRUE(r.read("/t").equals(test::table_rows(0, 75, isp)));
  EXPECT_TRUE(r.read("/t", {10, 33}).equals(test::table_rows(10, 33, isp)));
  EXPECT_TRUE(r.read_sequence("/s/events", "/s/offsets").equals(test::session_events(0, 41)));
  EXPECT_TRUE(r.read_sequence("/s/events", "/s/offsets", {5, 27}).equals(test::session_events(5, 27)));
  EXPECT_THROW(r.read("/t", {70, 80}), CorpusError);
}

TEST(CorpusRoundTrip, NothingAppearsUnderTheFinalNameWithoutCommit) {
  test::TempDir dir;
  const auto path = dir.file("c.h5");
  {
    CorpusWriter w(path, test::world(), provenance());
    w.append("/t", test::table_rows(0, 10, test::isp_dictionary()));
    EXPECT_FALSE(std::filesystem::exists(path));
  }  // destroyed without commit, as when an exception unwinds
  EXPECT_FALSE(std::filesystem::exists(path));
  EXPECT_TRUE(std::filesystem::is_empty(dir.path())) << "temporary file left behind";
}

TEST(CorpusRoundTrip, IncidentIndexRoundTrips) {
  test::TempDir dir;
  const auto path = dir.file("c.h5");
  IncidentSpec a;
  a.id = "inc/1";  // a '/' must survive as a group name
  a.category = "cohort_errors";
  a.kpi = "login_success";
  a.kpi_kind = KpiKind::kBinary;
  a.higher_is_better = true;
  a.historical = {0, 100};
  a.anomaly = {100, 120};
  a.cohort = "os=android";
  a.truth = {"isp:中国电信", "pattern:buy_plan>web_cors_error>timeout_error"};
  a.context_start = "login_start";
  a.context_end = "login_end";
  a.params = "fraction=0.5";
  IncidentSpec b = a;
  b.id = "inc-2";
  b.truth = {};
  b.context_start = b.context_end = "";
  auto events = std::make_shared<Dictionary>(std::vector<std::string>{"click", "login_end"}, "event");
  {
    CorpusWriter w(path, test::world(), provenance());
    write_incident_index(w, test::world(), {a, b}, events);
    w.commit();
  }
  // login_end was known (code 1); login_start is added after it.
  EXPECT_EQ(events->values(), (std::vector<std::string>{"click", "login_end", "login_start"}));
  CorpusReader r(path);
  auto back = read_incident_index(r);
  ASSERT_EQ(back.size(), 2u);
  EXPECT_EQ(back[0], a);
  EXPECT_EQ(back[1], b);
  EXPECT_EQ(corpus::incident_group("inc/1"), "/incidents/inc%2F1");
}

TEST(CorpusRoundTrip, IncidentIndexOfTheWrongTypeNamesTheColumn) {
  test::TempDir dir;
  const auto path = dir.file("c.h5");
  IncidentSpec a;
  a.id = "x";
  a.category = "c";
  a.kpi = "k";
  a.historical = {0, 1};
  a.anomaly = {1, 2};
  {
    CorpusWriter w(path, test::world(), provenance());
    auto events = std::make_shared<Dictionary>(std::vector<std::string>{}, "event");
    write_incident_index(w, test::world(), {a}, events);
    w.commit();
  }
  {  // Another tool rewrote hist_start with integer Unix times.
    h5::quiet();
    auto file = h5::owned_file(H5Fopen(path.c_str(), H5F_ACC_RDWR, H5P_DEFAULT), path);
    h5::check(H5Ldelete(file.get(), "/incidents/index/hist_start", H5P_DEFAULT), "delete");
    hsize_t n = 1;
    auto space = h5::owned_space(H5Screate_simple(1, &n, nullptr), "space");
    auto d = h5::owned_dataset(H5Dcreate2(file.get(), "/incidents/index/hist_start", H5T_STD_I64LE, space.get(),
                                          H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT),
                               "create");
    const std::int64_t zero = 0;
    h5::check(H5Dwrite(d.get(), H5T_NATIVE_INT64, H5S_ALL, H5S_ALL, H5P_DEFAULT, &zero), "write");
  }
  CorpusReader r(path);
  try {
    read_incident_index(r);
    FAIL() << "expected CorpusError";
  } catch (const CorpusError& e) {
    EXPECT_EQ(std::string(e.what()),
              "corpus '" + path + "', /incidents/index/hist_start: expected float64 values, found int64");
  }
}

TEST(CanonicalLeadIds, AcceptsTheDocumentedFormsOnly) {
  for (const char* ok : {"url:/api/login/otp", "isp:ISP-7", "isp:ISP-7&os:android", "pattern:a>b>c", "pattern:a",
                         "lifecycle:first_session", "lifecycle:returning", "log:File does not exist: <*>"})
    EXPECT_TRUE(is_canonical_lead_id(ok)) << ok;
  for (const char* bad : {"", "isp", ":x", "isp:", "pattern:a>>b", "pattern:>a", "lifecycle:old", "isp:x&os",
                          "isp:x&"})
    EXPECT_FALSE(is_canonical_lead_id(bad)) << bad;
  EXPECT_THROW(parse_truth("isp:a;bogus", "incidents.csv:3"), InputError);
  EXPECT_EQ(parse_truth("isp:a;url:/x", "w").size(), 2u);
  EXPECT_TRUE(parse_truth("", "w").empty());
}

}  // namespace
}  // namespace moce
