// Node keys: FNV-1a over the documented encoding (runtime/dag/hash.hpp), checked against values
// computed independently in Python from that documentation.
#include "runtime/dag/hash.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "runtime/dag/graph.hpp"
#include "runtime/dag/operator.hpp"

namespace moce {
namespace {

struct One {
  std::string_view name() const { return "one"; }
  int run() const { return 1; }
};
struct AddInts {
  std::string_view name() const { return "add"; }
  int run(int a, int b) const { return a + b; }
};
struct Scale {
  double factor = 1;
  std::string_view name() const { return "scale"; }
  void hash_params(Hasher& h) const { h.add(factor); }
  double run(int x) const { return factor * x; }
};

struct Point {  // a user type hashed through the member customization point
  int x = 0;
  int y = 0;
  void hash_append(Hasher& h) const {
    h.add(x);
    h.add(y);
  }
};

TEST(Hash, Fnv1aMatchesPublishedVectors) {
  // FNV-1a 64-bit test vectors from the FNV reference (Fowler/Noll/Vo): "" and "a".
  EXPECT_EQ(Hasher{}.key(), 0xcbf29ce484222325ULL);
  Hasher a;
  a.add_bytes("a", 1);
  EXPECT_EQ(a.key(), 0xaf63dc4c8601ec8cULL);
}

TEST(Hash, StringIsLengthThenBytes) {
  // Python: fnv1a(struct.pack('<Q', 2) + b'ab') == 0x9c6001d328a94690
  EXPECT_EQ(hash_of(std::string("ab")), 0x9c6001d328a94690ULL);
  EXPECT_EQ(hash_of("ab"), hash_of(std::string_view("ab")));
}

TEST(Hash, IntegersWidenButDoublesDiffer) {
  EXPECT_EQ(hash_of(std::int32_t{-5}), hash_of(std::int64_t{-5}));
  EXPECT_NE(hash_of(3), hash_of(3.0));
  EXPECT_EQ(hash_of(std::nan("1")), hash_of(std::nan("2")));  // every NaN is one value
  EXPECT_NE(hash_of(std::vector<int>{1, 2}), hash_of(std::vector<int>{2, 1}));
  EXPECT_NE(hash_of(std::vector<int>{}), hash_of(std::optional<int>{}));
  EXPECT_EQ(hash_of(Point{1, 2}), hash_of(std::pair<int, int>{1, 2}));
}

TEST(Hash, GoldenNodeKeys) {
  // key = FNV-1a(len-prefixed name, params, arg count, per arg: tag 0 + value | tag 1 + input key).
  // Python, le = struct.pack('<Q', v % 2**64):
  //   one   = fnv1a(le(3) + b'one' + le(0))                                   = 0x9f242ce3ea81514e
  //   add   = fnv1a(le(3) + b'add' + le(2) + b'\0' + le(2) + b'\1' + le(one)) = 0x11ddc22f6e708f2a
  //   scale = fnv1a(le(5) + b'scale' + le(bits(2.0)) + le(1) + b'\0' + le(-1)) = 0xcf8808ead52c80d1
  Graph graph;
  const Lazy<int> one = graph.call(One{});
  EXPECT_EQ(one.key(), 0x9f242ce3ea81514eULL);
  EXPECT_EQ(graph.call(AddInts{}, 2, one).key(), 0x11ddc22f6e708f2aULL);
  EXPECT_EQ(graph.call(Scale{2.0}, -1).key(), 0xcf8808ead52c80d1ULL);
}

TEST(Hash, SameCallSameKeyInAnotherGraphAndMode) {
  Graph lazy;
  Graph naive({.mode = Mode::kNaive});
  const auto a = lazy.call(AddInts{}, lazy.call(One{}), 5);
  const auto b = naive.call(AddInts{}, naive.call(One{}), 5);
  EXPECT_EQ(a.key(), b.key());
  EXPECT_NE(a.key(), lazy.call(AddInts{}, lazy.call(One{}), 6).key());
  EXPECT_NE(a.key(), lazy.call(AddInts{}, 5, lazy.call(One{})).key());  // argument order matters
}

TEST(Hash, MakeTaskParametersEnterTheKey) {
  Graph graph;
  auto scale = [](double factor, double x) { return factor * x; };
  const auto by2 = graph.call(make_task("scale", scale, 2.0), 1.5);
  const auto by3 = graph.call(make_task("scale", scale, 3.0), 1.5);
  const auto by2_again = graph.call(make_task("scale", scale, 2.0), 1.5);
  EXPECT_NE(by2.key(), by3.key());
  EXPECT_EQ(by2, by2_again);
  EXPECT_DOUBLE_EQ(*graph.get(by3), 4.5);
}

}  // namespace
}  // namespace moce
