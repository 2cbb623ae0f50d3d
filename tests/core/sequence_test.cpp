// Sequences: CSR offsets over a relation sorted by (key, time).
#include <gtest/gtest.h>

#include "operators/data/sequence.hpp"

namespace moce {
namespace {

Relation events(std::vector<std::int64_t> session, std::vector<double> ts) {
  Relation r;
  r.add("session", Column::int64(std::move(session))).add("ts", Column::real(std::move(ts)));
  return r;
}

TEST(Sequence, FromSortedBuildsOffsetsWithEmptyParts) {
  // Sessions 0 and 2 have events, 1 and 3 have none.
  auto s = Sequence::from_sorted(events({0, 0, 0, 2, 2}, {1, 2, 2, 5, 9}), "session", "ts", 4);
  EXPECT_EQ(std::vector<std::int64_t>(s.offsets().begin(), s.offsets().end()),
            (std::vector<std::int64_t>{0, 3, 3, 5, 5}));
  EXPECT_EQ(s.num_parts(), 4u);
  EXPECT_EQ(s.part_size(1), 0u);
  EXPECT_EQ(s.part(2).column("ts").reals()[1], 9.0);
}

TEST(Sequence, FromSortedRejectsUnsortedRows) {
  EXPECT_THROW(Sequence::from_sorted(events({0, 1, 0}, {1, 2, 3}), "session", "ts", 2), Error);
  EXPECT_THROW(Sequence::from_sorted(events({0, 0}, {5, 4}), "session", "ts", 1), Error);
  EXPECT_THROW(Sequence::from_sorted(events({0, 3}, {1, 1}), "session", "ts", 2), Error);
}

TEST(Sequence, OffsetsAreValidated) {
  EXPECT_THROW(Sequence(events({0, 0}, {1, 2}), {0, 3}), Error);     // ends past the rows
  EXPECT_THROW(Sequence(events({0, 0}, {1, 2}), {1, 2}), Error);     // does not start at 0
  EXPECT_THROW(Sequence(events({0, 0}, {1, 2}), {0, 2, 1, 2}), Error);  // decreases
  EXPECT_NO_THROW(Sequence(events({0, 0}, {1, 2}), {0, 0, 2}));
}

TEST(Sequence, SlicePartsRebasesOffsets) {
  auto s = Sequence::from_sorted(events({0, 1, 1, 2, 3, 3, 3}, {0, 0, 1, 0, 0, 1, 2}), "session", "ts", 4);
  auto t = s.slice_parts(1, 2);
  EXPECT_EQ(std::vector<std::int64_t>(t.offsets().begin(), t.offsets().end()), (std::vector<std::int64_t>{0, 2, 3}));
  EXPECT_EQ(t.rows().num_rows(), 3u);
  EXPECT_EQ(t.part(1).column("session").int64s()[0], 2);
  EXPECT_TRUE(s.slice_parts(0, 4).equals(s));
  EXPECT_EQ(s.slice_parts(4, 0).rows().num_rows(), 0u);
}

}  // namespace
}  // namespace moce
