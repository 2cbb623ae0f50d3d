// The parallel writer and sharded reader under 1, 2 and 3 ranks: every rank appends its share
// (some shares are empty), and the file holds exactly the single-process table.
#include <gtest/gtest.h>

#include "operators/io/corpus_reader.hpp"
#include "operators/io/corpus_writer.hpp"
#include "tests/corpus/corpus_fixture.hpp"
#include "tests/support/test_support.hpp"

namespace moce {
namespace {

TEST(ParallelCorpus, RanksWriteOneFileThatEqualsTheWholeTable) {
  const auto& world = test::world();
  test::TempDir dir(world);
  const auto path = dir.file("p.h5");
  auto isp = test::isp_dictionary();
  for (int compression : {0, 1}) {
    {
      CorpusWriter w(path, world, {}, {compression, 16});
      // Uneven shares: rank r holds rows [10 r^2, 10 (r+1)^2), and rank 1 also appends nothing once.
      const std::int64_t r = world.rank();
      w.append("/t", test::table_rows(10 * r * r, 10 * (r + 1) * (r + 1), isp));
      w.append("/t", test::table_rows(0, 0, isp));
      // Sessions by block share; the last rank also appends a second batch alone... all ranks call.
      auto share = block_share(40, world.rank(), world.size());
      w.append_sequence("/e/events", "/e/offsets", test::session_events(share.begin, share.end));
      auto share2 = block_share(9, world.rank(), world.size());
      w.append_sequence("/e/events", "/e/offsets", test::session_events(40 + share2.begin, 40 + share2.end));
      // A relation only rank 0 has rows of.
      w.append("/only_root", test::table_rows(0, world.rank() == 0 ? 5 : 0, isp));
      w.commit();
    }
    const std::int64_t total = 10 * world.size() * world.size();
    CorpusReader reader(path);
    EXPECT_EQ(reader.provenance().ranks, world.size());
    EXPECT_TRUE(reader.read("/t").equals(test::table_rows(0, total, isp)));
    EXPECT_TRUE(reader.read_sequence("/e/events", "/e/offsets").equals(test::session_events(0, 49)));
    EXPECT_TRUE(reader.read("/only_root").equals(test::table_rows(0, 5, isp)));
    // Each rank reads its own hyperslab.
    auto mine = block_share(total, world.rank(), world.size());
    EXPECT_TRUE(reader.read("/t", mine).equals(test::table_rows(mine.begin, mine.end, isp)));
    auto parts = block_share(49, world.rank(), world.size());
    EXPECT_TRUE(reader.read_sequence("/e/events", "/e/offsets", parts)
                    .equals(test::session_events(parts.begin, parts.end)));
    world.barrier();  // nobody rewrites the file while another rank still reads it
  }
}

TEST(ParallelCorpus, RanksThatDisagreeOnDictionariesFailOnEveryRank) {
  const auto& world = test::world();
  if (world.size() == 1) GTEST_SKIP() << "needs two ranks to disagree";
  test::TempDir dir(world);
  auto mine = std::make_shared<Dictionary>(std::vector<std::string>{world.rank() == 0 ? "a" : "b"}, "d");
  Relation r;
  r.add("c", Column::categorical({0}, mine));
  CorpusWriter w(dir.file("x.h5"), world, {});
  w.append("/t", r);
  EXPECT_THROW(w.commit(), CorpusError);
  world.barrier();
}

}  // namespace
}  // namespace moce
