// Tests of DeriveColumn on hand-made rows: window labels, failure flags, token maps.
#include "operators/relational/derive_column.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <memory>
#include <vector>

#include "runtime/error.hpp"

namespace moce {
namespace {

Relation rows() {
  auto status = std::make_shared<const Dictionary>(std::vector<std::string>{"ok", "error", "timeout", "slow"}, "status");
  Relation r;
  r.add("ts", Column::real({0, 5, 9.5, 10, 14, 20, NAN}));
  r.add("sec", Column::int64({0, 5, 9, 10, 14, 20, 30}));
  r.add("status", Column::categorical({0, 1, 2, 3, kMissingCode, 0, 1}, status));
  return r;
}

TEST(DeriveColumn, WindowLabel) {
  // History [0, 10), anomaly [10, 20): 0 0 0 1 1 -1 -1 (20 is past the end; NaN is nowhere).
  const auto op = DeriveColumn::window_label("ts", 0, 10, 10, 20, "period");
  const Relation out = op.run(rows());
  EXPECT_EQ(out.num_columns(), 4U);
  const auto label = out.column("period").int64s();
  EXPECT_EQ(std::vector<std::int64_t>(label.begin(), label.end()), (std::vector<std::int64_t>{0, 0, 0, 1, 1, -1, -1}));
  // An int64 time column reads the same; overlapping windows give the anomaly label.
  const Column overlap_column = DeriveColumn::window_label("sec", 0, 15, 9, 20, "p").derive(rows());
  const auto overlap = overlap_column.int64s();
  EXPECT_EQ(std::vector<std::int64_t>(overlap.begin(), overlap.end()), (std::vector<std::int64_t>{0, 0, 1, 1, 1, -1, -1}));
  EXPECT_THROW(DeriveColumn::window_label("status", 0, 1, 1, 2, "p").run(rows()), Error);
  EXPECT_THROW(DeriveColumn::window_label("ts", 0, 1, 1, 2, "sec").run(rows()), Error);  // name taken
}

TEST(DeriveColumn, FailureFlag) {
  const Column flag_column = DeriveColumn::flag("status", {"error", "timeout"}, "failed").derive(rows());
  const auto flag = flag_column.reals();
  const std::vector<double> want = {0, 1, 1, 0, NAN, 0, 1};
  ASSERT_EQ(flag.size(), want.size());
  for (std::size_t i = 0; i < want.size(); ++i) {
    if (std::isnan(want[i])) {
      EXPECT_TRUE(std::isnan(flag[i])) << i;
    } else {
      EXPECT_EQ(flag[i], want[i]) << i;
    }
  }
  EXPECT_THROW(DeriveColumn::flag("ts", {"error"}, "f").run(rows()), Error);
}

TEST(DeriveColumn, TokenMapOverASequence) {
  // ok -> A, error and timeout -> E, slow unmapped; tokens coded in the table's order (A=0, E=1).
  const auto op = DeriveColumn::map_values("status", {{"ok", "A"}, {"error", "E"}, {"timeout", "E"}}, "token");
  const Sequence events(rows(), {0, 3, 7});
  const Sequence out = op.run(events);
  EXPECT_EQ(out.num_parts(), 2U);
  EXPECT_EQ(out.part_size(1), 4U);
  const Column& token = out.rows().column("token");
  EXPECT_EQ(token.dictionary()->values(), (std::vector<std::string>{"A", "E"}));
  const auto codes = token.codes();
  EXPECT_EQ(std::vector<std::int32_t>(codes.begin(), codes.end()),
            (std::vector<std::int32_t>{0, 1, 1, kMissingCode, kMissingCode, 0, 1}));
}

}  // namespace
}  // namespace moce
