// LazyActor: method calls are lazy tasks keyed by the actor's name and parameters.
#include "runtime/dag/actor.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <vector>

#include "tests/runtime/test_ops.hpp"

namespace moce {
namespace {

using test::RunLog;
using test::Source;

// An expert with a calibrated threshold: reports the inputs above it.
struct ThresholdExpert {
  long threshold = 0;
  std::shared_ptr<RunLog> log;
  std::string_view name() const { return "threshold_expert"; }
  void hash_params(Hasher& h) const { h.add(threshold); }
  std::vector<long> find_root_causes(long a, long b) const {
    log->record("find@" + std::to_string(threshold));
    std::vector<long> leads;
    for (long x : {a, b}) {
      if (x > threshold) leads.push_back(x);
    }
    return leads;
  }
};

TEST(LazyActor, MethodCallsAreLazyAndKeyedByParameters) {
  auto log = std::make_shared<RunLog>();
  Graph graph;
  auto a = graph.call(Source{"a", 5, nullptr});
  auto b = graph.call(Source{"b", 9, nullptr});
  const LazyActor strict(graph, ThresholdExpert{8, log});
  const LazyActor loose(graph, ThresholdExpert{1, log});
  const LazyActor strict_again(graph, ThresholdExpert{8, log});
  auto strict_leads = strict.call("find_root_causes", &ThresholdExpert::find_root_causes, a, b);
  auto loose_leads = loose.call("find_root_causes", &ThresholdExpert::find_root_causes, a, b);
  auto same = strict_again.call("find_root_causes", &ThresholdExpert::find_root_causes, a, b);
  EXPECT_TRUE(log->runs.empty());
  EXPECT_EQ(strict_leads, same);  // same class, same parameters, same inputs: one node
  EXPECT_NE(strict_leads.key(), loose_leads.key());
  EXPECT_EQ(*graph.get(strict_leads), (std::vector<long>{9}));
  EXPECT_EQ(*graph.get(loose_leads), (std::vector<long>{5, 9}));
  EXPECT_EQ(*graph.get(same), (std::vector<long>{9}));
  EXPECT_EQ(log->runs, (std::vector<std::string>{"find@8", "find@1"}));
  EXPECT_EQ(graph.node_stats(strict_leads).name, "threshold_expert.find_root_causes");
}

}  // namespace
}  // namespace moce
