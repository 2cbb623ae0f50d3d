// Tests of Pivot on a hand-made (session, URL, latency) table.
#include "operators/stats/pivot.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <memory>
#include <vector>

#include "operators/relational/hash_join.hpp"
#include "runtime/error.hpp"

namespace moce {
namespace {

// Sessions 7, 3, 7, 3, 9, 7, 3 over URLs /a=0 /b=1 /c=2 (/c never used, /d=3 used once).
Relation calls() {
  auto url = std::make_shared<const Dictionary>(std::vector<std::string>{"/a", "/b", "/c", "/d"}, "url");
  Relation r;
  r.add("session", Column::int64({7, 3, 7, 3, 9, 7, 3, kMissingInt64}));
  r.add("url", Column::categorical({0, 0, 0, 1, 3, 1, kMissingCode, 0}, url));
  r.add("ms", Column::real({10, 20, 30, 40, 50, NAN, 60, 70}));
  return r;
}

TEST(Pivot, MeanPerSessionAndUrlWithFill) {
  // Rows: sessions 3, 7, 9; columns /a, /b, /d. Session 7 /a: mean(10, 30) = 20; 7 /b: only a
  // NaN -> fill; 3 /a 20, 3 /b 40; 9 /d 50; the rest fill (-1). Missing keys are skipped.
  const FeatureMatrix m = Pivot("session", "url", "ms", Pivot::Reduce::kMean, -1).run(calls());
  EXPECT_EQ(m.row_keys, (std::vector<std::int64_t>{3, 7, 9}));
  EXPECT_EQ(m.column_codes, (std::vector<std::int32_t>{0, 1, 3}));
  EXPECT_EQ(m.column_dictionary->value(m.column_codes[2]), "/d");
  Eigen::MatrixXd want(3, 3);
  want << 20, 40, -1,  //
      20, -1, -1,      //
      -1, -1, 50;
  EXPECT_EQ(m.values, want);
}

TEST(Pivot, SumAndCount) {
  const FeatureMatrix sum = Pivot("session", "url", "ms", Pivot::Reduce::kSum).run(calls());
  EXPECT_EQ(sum.values(1, 0), 40);
  EXPECT_EQ(sum.values(1, 1), 0);  // fill
  const FeatureMatrix count = Pivot("session", "url", "ms", Pivot::Reduce::kCount).run(calls());
  EXPECT_EQ(count.values(1, 0), 2);
  EXPECT_EQ(count.values(0, 1), 1);
}

TEST(Pivot, RejectsWrongColumnTypes) {
  EXPECT_THROW(Pivot("url", "url", "ms").run(calls()), Error);
  EXPECT_THROW(Pivot("session", "ms", "ms").run(calls()), Error);
  EXPECT_THROW(Pivot("session", "url", "url").run(calls()), Error);
  EXPECT_THROW(Pivot("session", "url", "nope").run(calls()), Error);
}

}  // namespace
}  // namespace moce
