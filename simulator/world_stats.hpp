// What the planner knows about the world's population, estimated once from a fixed sample of
// users (keyed by the world's seed only): every value's share, joint shares of two values, and
// equivalent leads (values of different attributes that hold exactly the same users, such as a
// device that is the only one running its os).
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "simulator/world.hpp"

namespace moce::sim {

using AttributeValue = std::pair<int, std::int32_t>;  // (attribute, value code)

class WorldStats {
 public:
  explicit WorldStats(const World& world, int sample = 20000);

  double share(int attribute, std::int32_t value) const {
    return shares_[static_cast<std::size_t>(attribute)][static_cast<std::size_t>(value)];
  }
  const std::vector<std::vector<double>>& shares() const { return shares_; }
  // Share of users holding every value of `values`.
  double joint(const std::vector<AttributeValue>& values) const;
  // Joint shares of every pair of values of attributes a and b: [value of a][value of b].
  std::vector<std::vector<double>> joint_table(int a, int b) const;
  // The values of other attributes whose users are exactly those of (attribute, value) in the
  // sample (each side seen at least min_users times), by attribute order.
  const std::vector<AttributeValue>& equivalents(int attribute, std::int32_t value) const {
    return equivalent_[static_cast<std::size_t>(attribute)][static_cast<std::size_t>(value)];
  }
  // "a:v" for one value; "a:v&b:w" for several, parts sorted by attribute name.
  std::string lead_id(const std::vector<AttributeValue>& values) const;
  // The cause's lead id and its equivalent ids, '|'-separated: each part is replaced by each of
  // its equivalents in turn (a combination's alternatives are every product of its parts').
  std::string truth(const std::vector<AttributeValue>& values) const;

  static constexpr int kMinUsers = 50;

 private:
  const World& world_;
  int n_;
  std::vector<std::int32_t> codes_;  // n_ rows of world.attributes.size() codes
  std::vector<std::vector<double>> shares_;
  std::vector<std::vector<std::vector<AttributeValue>>> equivalent_;
};

}  // namespace moce::sim
