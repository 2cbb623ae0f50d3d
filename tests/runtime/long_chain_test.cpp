// A chain of 100000 nodes resolves without recursion (no stack overflow) and is freed cleanly.
#include <gtest/gtest.h>

#include "runtime/dag/graph.hpp"

namespace moce {
namespace {

struct PlusOne {
  std::string_view name() const { return "plus_one"; }
  long run(long x) const { return x + 1; }
};
struct Zero {
  std::string_view name() const { return "zero"; }
  long run() const { return 0; }
};

TEST(LongChain, HundredThousandNodes) {
  constexpr long kLength = 100000;
  for (const Mode mode : {Mode::kLazy, Mode::kNaive}) {
    Graph graph({.mode = mode});
    Lazy<long> x = graph.call(Zero{});
    for (long i = 0; i < kLength; ++i) x = graph.call(PlusOne{}, x);
    EXPECT_EQ(*graph.get(x), kLength);
    EXPECT_EQ(graph.stats().computations, static_cast<std::uint64_t>(kLength + 1));
    EXPECT_EQ(graph.stats().nodes, static_cast<std::uint64_t>(kLength + 1));
  }
}

}  // namespace
}  // namespace moce
