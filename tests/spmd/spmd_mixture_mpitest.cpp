// SPMD over MPI (DESIGN.md): the world splits into groups, each group takes whole incidents, every
// rank of a group builds the same lazy DAG over its shard of sessions, and collective operators
// (a distributed group-by) use the group's communicator. Two experts share one group-by node.
// Results must equal a single-process computation, whatever the rank count.
#include <gtest/gtest.h>

#include <cmath>

#include "operators/relational/group_by.hpp"
#include "runtime/dag/dag.hpp"
#include "simulator/random.hpp"
#include "tests/support/test_support.hpp"

namespace moce {
namespace {

constexpr std::int64_t kSessions = 5000;

// Sessions [begin, end) of incident `incident`: an ISP (5 values) and a login time whose mean
// depends on the ISP; the same rows whoever generates them.
Relation sessions(std::int64_t incident, std::int64_t begin, std::int64_t end) {
  static const auto isp = std::make_shared<Dictionary>(std::vector<std::string>{"a", "b", "c", "d", "e"}, "isp");
  std::vector<std::int32_t> codes;
  std::vector<double> login;
  for (std::int64_t s = begin; s < end; ++s) {
    const auto h = sim::mix64(static_cast<std::uint64_t>(incident * 1000003 + s));
    const auto code = static_cast<std::int32_t>(h % 5);
    codes.push_back(code);
    login.push_back(100.0 * (code + 1) + static_cast<double>(h >> 40) / 1e6);
  }
  Relation r;
  r.add("isp", Column::categorical(std::move(codes), isp)).add("login_ms", Column::real(std::move(login)));
  return r;
}

// Reads this rank's block of an incident's sessions; the key names the incident only, so every
// rank of the group builds the same node.
struct LoadShard {
  const Context* group;
  std::int64_t incident;
  std::string_view name() const { return "load_shard"; }
  void hash_params(Hasher& h) const { h.add(incident); }
  Relation run() const {
    auto share = block_share(kSessions, group->rank(), group->size());
    return sessions(incident, share.begin, share.end);
  }
};

// A group-by over leaf cohorts that needs every rank's rows: a collective node.
struct CohortStatistics {
  const Context* group;
  std::string_view name() const { return "cohort_statistics"; }
  bool collective() const { return true; }
  Relation run(const Relation& shard) const {
    return GroupBy({"isp"}, {Aggregate::mean("login_ms"), Aggregate::p95("login_ms")}).run(*group, shard);
  }
};

// Two "experts" over the shared node: the worst cohort by mean, and by p95.
std::int32_t worst_by(const Relation& stats, const std::string& column) {
  auto values = stats.column(column).reals();
  std::size_t best = 0;
  for (std::size_t i = 1; i < values.size(); ++i)
    if (values[i] > values[best]) best = i;
  return stats.column("isp").codes()[best];
}

TEST(SpmdMixture, GroupsShareNodesAndMatchTheSingleProcessAnswer) {
  const auto& world = test::world();
  const int groups = std::min(2, world.size());
  const int color = world.rank() % groups;
  auto group = world.split(color, world.rank());
  constexpr std::int64_t kIncidents = 6;
  std::vector<double> checksum(kIncidents, 0.0);
  for (std::int64_t incident = color; incident < kIncidents; incident += groups) {
    Graph graph(Graph::Options{.threads = 2});
    auto shard = graph.call(LoadShard{group.get(), incident});
    auto stats_a = graph.call(CohortStatistics{group.get()}, shard);  // expert A
    auto stats_b = graph.call(CohortStatistics{group.get()}, shard);  // expert B: the same node
    auto a = graph.get(stats_a);
    auto b = graph.get(stats_b);
    EXPECT_EQ(graph.stats().calls, 3u);
    EXPECT_EQ(graph.stats().nodes, 2u);
    EXPECT_EQ(graph.stats().computations, 2u);
    EXPECT_EQ(a.get(), b.get());
    // Against the whole table in one process.
    auto whole = GroupBy({"isp"}, {Aggregate::mean("login_ms"), Aggregate::p95("login_ms")})
                     .run(sessions(incident, 0, kSessions));
    ASSERT_EQ(a->num_rows(), whole.num_rows());
    for (std::size_t i = 0; i < whole.num_rows(); ++i) {
      EXPECT_EQ(a->column("isp").codes()[i], whole.column("isp").codes()[i]);
      EXPECT_NEAR(a->column("mean_login_ms").reals()[i], whole.column("mean_login_ms").reals()[i], 1e-9);
      EXPECT_EQ(a->column("p95_login_ms").reals()[i], whole.column("p95_login_ms").reals()[i]);  // exact
    }
    EXPECT_EQ(worst_by(*a, "mean_login_ms"), 4);
    EXPECT_EQ(worst_by(*b, "p95_login_ms"), 4);  // the ISP with the largest mean login time, by construction
    if (group->rank() == 0) checksum[static_cast<std::size_t>(incident)] = 1.0 + a->column("p95_login_ms").reals()[0];
  }
  // Every incident was processed by exactly one group.
  world.allreduce_inplace<double>(checksum, ReduceOp::kSum);
  for (std::int64_t incident = 0; incident < kIncidents; ++incident) {
    auto whole = GroupBy({"isp"}, {Aggregate::p95("login_ms")}).run(sessions(incident, 0, kSessions));
    EXPECT_EQ(checksum[static_cast<std::size_t>(incident)], 1.0 + whole.column("p95_login_ms").reals()[0]);
  }
}

}  // namespace
}  // namespace moce
