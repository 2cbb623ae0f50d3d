// LPT dealing of incidents to rank groups.
#include <gtest/gtest.h>

#include "eval/evaluate/schedule.hpp"

namespace moce::eval {
namespace {

TEST(Schedule, LargestFirstToTheLeastLoadedGroup) {
  // Sizes 7, 5, 4, 3, 1 on 2 groups: 7->g0, 5->g1, 4->g1 (5 < 7), 3->g0 (7 < 9), 1->g1 (9 < 10).
  const std::vector<Job> jobs = {{"a", 4}, {"b", 7}, {"c", 1}, {"d", 5}, {"e", 3}};
  const auto groups = assign_lpt(jobs, 2);
  ASSERT_EQ(groups.size(), 2u);
  EXPECT_EQ(groups[0], (std::vector<std::size_t>{1, 4}));     // b(7), e(3)
  EXPECT_EQ(groups[1], (std::vector<std::size_t>{3, 0, 2}));  // d(5), a(4), c(1)
}

TEST(Schedule, TiesGoByIdAndLowestGroup) {
  const std::vector<Job> jobs = {{"z", 2}, {"a", 2}, {"m", 2}};
  const auto groups = assign_lpt(jobs, 3);
  EXPECT_EQ(groups[0], (std::vector<std::size_t>{1}));
  EXPECT_EQ(groups[1], (std::vector<std::size_t>{2}));
  EXPECT_EQ(groups[2], (std::vector<std::size_t>{0}));
}

TEST(Schedule, EveryJobOnceAndOneGroupTakesAll) {
  std::vector<Job> jobs;
  for (int i = 0; i < 50; ++i) jobs.push_back({"i" + std::to_string(i), (i * 37) % 11});
  for (int g : {1, 3, 7}) {
    const auto groups = assign_lpt(jobs, g);
    std::vector<int> seen(jobs.size(), 0);
    for (const auto& group : groups)
      for (auto j : group) ++seen[j];
    for (int s : seen) EXPECT_EQ(s, 1);
  }
  EXPECT_EQ(assign_lpt(jobs, 1)[0].size(), jobs.size());
  EXPECT_THROW(assign_lpt(jobs, 0), std::invalid_argument);
}

}  // namespace
}  // namespace moce::eval
