// Failures: an operator's exception is stored on its node and rethrown by get(), naming the node.
#include "runtime/dag/node_error.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <stdexcept>
#include <string>

#include "runtime/dag/graph.hpp"
#include "tests/runtime/test_ops.hpp"

namespace moce {
namespace {

using test::Add;
using test::Explode;
using test::RunLog;
using test::Source;

TEST(NodeError, NamesTheNodeAndKeepsTheOriginalType) {
  auto log = std::make_shared<RunLog>();
  Graph graph;
  auto bad = graph.call(Explode{"index 9 past the end", log});
  try {
    graph.get(bad);
    FAIL() << "get() of a failing node returned";
  } catch (const NodeError& error) {
    const std::string what = error.what();
    EXPECT_NE(what.find("'explode'"), std::string::npos) << what;
    EXPECT_NE(what.find("index 9 past the end"), std::string::npos) << what;
    EXPECT_NE(what.find(key_hex(bad.key())), std::string::npos) << what;
    EXPECT_EQ(error.node(), "explode");
    EXPECT_THROW(std::rethrow_if_nested(error), std::out_of_range);
  }
  EXPECT_TRUE(graph.node_stats(bad).failed);
  EXPECT_EQ(graph.stats().failures, 1U);
}

TEST(NodeError, FailedNodeIsNotRecomputed) {
  auto log = std::make_shared<RunLog>();
  Graph graph;
  auto bad = graph.call(Explode{"boom", log});
  EXPECT_THROW(graph.get(bad), NodeError);
  EXPECT_THROW(graph.get(bad), NodeError);
  EXPECT_EQ(log->count("explode"), 1U);
  EXPECT_EQ(graph.node_stats(bad).computations, 1U);
}

TEST(NodeError, DependentsFailNamingTheFailedInput) {
  auto log = std::make_shared<RunLog>();
  Graph graph;
  auto good = graph.call(Source{"good", 1, log});
  auto bad = graph.call(Explode{"boom", log});
  auto sum = graph.call(Add{"sum", log}, good, bad);
  try {
    graph.get(sum);
    FAIL() << "get() of a node with a failed input returned";
  } catch (const NodeError& error) {
    const std::string what = error.what();
    EXPECT_NE(what.find("'add'"), std::string::npos) << what;
    EXPECT_NE(what.find("input 'explode'"), std::string::npos) << what;
    EXPECT_EQ(error.origin(), "explode");
    EXPECT_THROW(std::rethrow_if_nested(error), std::out_of_range);
  }
  EXPECT_EQ(log->count("sum"), 0U);  // the consumer never ran
  // The good input was computed and is still usable.
  EXPECT_EQ(*graph.get(good), 1);
}

}  // namespace
}  // namespace moce
