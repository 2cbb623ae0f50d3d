// KeyIndex: every inserted key is found after growth, absent keys are not, even when keys share
// their low bits.
#include "runtime/dag/key_index.hpp"

#include <gtest/gtest.h>

namespace moce {
namespace {

TEST(KeyIndex, FindsEveryKeyAcrossGrowth) {
  KeyIndex index;
  EXPECT_EQ(index.find(42), kNoNode);
  constexpr NodeId kCount = 20000;
  for (NodeId i = 0; i < kCount; ++i) index.insert(static_cast<Key>(i) << 40, i);  // low 40 bits all 0
  EXPECT_EQ(index.size(), kCount);
  for (NodeId i = 0; i < kCount; ++i) ASSERT_EQ(index.find(static_cast<Key>(i) << 40), i);
  EXPECT_EQ(index.find((static_cast<Key>(kCount) << 40)), kNoNode);
  EXPECT_EQ(index.find(1), kNoNode);
}

}  // namespace
}  // namespace moce
