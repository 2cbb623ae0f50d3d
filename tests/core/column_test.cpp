// Columns and dictionaries: typed access, zero-copy slices, gathers, missing values.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "operators/data/column.hpp"

namespace moce {
namespace {

TEST(Dictionary, InternsCodesInFirstSeenOrder) {
  Dictionary d;
  EXPECT_EQ(d.intern("b"), 0);
  EXPECT_EQ(d.intern("a"), 1);
  EXPECT_EQ(d.intern("b"), 0);
  EXPECT_EQ(d.size(), 2);
  EXPECT_EQ(d.value(1), "a");
  EXPECT_EQ(d.find("zzz"), kMissingCode);
}

TEST(Dictionary, RejectsDuplicateValues) { EXPECT_THROW(Dictionary({"x", "y", "x"}), Error); }

TEST(Dictionary, KeepsNonAsciiValuesByteExact) {
  Dictionary d({"中国电信", "Télécom-Ñ"});
  EXPECT_EQ(d.find("Télécom-Ñ"), 1);
  EXPECT_EQ(d.value(0), "\xe4\xb8\xad\xe5\x9b\xbd\xe7\x94\xb5\xe4\xbf\xa1");
}

TEST(Column, SliceSharesTheBufferAndOffsetsValues) {
  auto c = Column::int64({10, 11, 12, 13, 14});
  auto s = c.slice(1, 3);
  ASSERT_EQ(s.size(), 3u);
  EXPECT_EQ(s.int64s()[0], 11);
  EXPECT_EQ(s.int64s()[2], 13);
  EXPECT_EQ(s.int64s().data(), c.int64s().data() + 1);  // zero copy
  auto empty = c.slice(5, 0);
  EXPECT_EQ(empty.size(), 0u);
}

TEST(Column, SliceOutlivesTheOriginal) {
  Column s;
  {
    auto c = Column::real({1.5, 2.5, 3.5});
    s = c.slice(2, 1);
  }
  EXPECT_EQ(s.reals()[0], 3.5);
}

TEST(Column, WrongTypeAccessIsABug) {
  auto c = Column::real({1.0});
  EXPECT_THROW(c.int64s(), InternalError);
}

TEST(Column, GatherPicksRowsInOrder) {
  auto dict = std::make_shared<Dictionary>(std::vector<std::string>{"a", "b", "c"});
  auto c = Column::categorical({2, 0, 1, kMissingCode}, dict);
  std::vector<std::int64_t> rows{3, 0, 0, 2};
  auto g = c.gather(rows);
  EXPECT_EQ(std::vector<std::int32_t>(g.codes().begin(), g.codes().end()),
            (std::vector<std::int32_t>{kMissingCode, 2, 2, 1}));
  EXPECT_EQ(g.dictionary(), dict);
}

TEST(Column, CategoricalCodesMustBeInTheDictionary) {
  auto dict = std::make_shared<Dictionary>(std::vector<std::string>{"a"});
  EXPECT_THROW(Column::categorical({0, 1}, dict), InternalError);
}

TEST(Column, EqualsTreatsNanAsEqualAndComparesDictionaryValues) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  EXPECT_TRUE(Column::real({1.0, nan}).equals(Column::real({1.0, nan})));
  EXPECT_FALSE(Column::real({1.0, nan}).equals(Column::real({1.0, 2.0})));
  auto d1 = std::make_shared<Dictionary>(std::vector<std::string>{"a", "b"});
  auto d2 = std::make_shared<Dictionary>(std::vector<std::string>{"b", "a"});
  EXPECT_FALSE(Column::categorical({0}, d1).equals(Column::categorical({0}, d2)));
  EXPECT_EQ(Column::int64({1, 2, 3}).bytes(), 24u);
  EXPECT_EQ(Column::categorical({0, 1}, d1).bytes(), 8u);
}

}  // namespace
}  // namespace moce
