// World statistics from a fixed user sample; see world_stats.hpp.
#include "simulator/world_stats.hpp"

#include <algorithm>
#include <set>

#include "simulator/attributes.hpp"
#include "simulator/random.hpp"

namespace moce::sim {

namespace {
constexpr std::uint64_t kShareStream = 0x53484152ULL;  // "SHAR"
}

WorldStats::WorldStats(const World& world, int sample) : world_(world), n_(sample) {
  const auto na = world.attributes.size();
  codes_.resize(static_cast<std::size_t>(n_) * na);
  for (auto& a : world.attributes) shares_.emplace_back(a.values.size(), 0.0);
  for (int i = 0; i < n_; ++i) {
    Rng rng(stream_key(world.seed, kShareStream, static_cast<std::uint64_t>(i)));
    auto* row = codes_.data() + static_cast<std::size_t>(i) * na;
    sample_attributes(world, rng, row);
    for (std::size_t a = 0; a < na; ++a) shares_[a][static_cast<std::size_t>(row[a])] += 1.0 / n_;
  }
  // Equivalence from the sample: v and w are equivalent when every user holding one holds the
  // other. The sample sees every value of a structural equivalence (a conditional attribute's only
  // parent) at least kMinUsers times, or the value is too rare to be an incident's cause anyway.
  equivalent_.resize(na);
  for (std::size_t a = 0; a < na; ++a) equivalent_[a].resize(world.attributes[a].values.size());
  for (std::size_t a = 0; a < na; ++a)
    for (std::size_t b = a + 1; b < na; ++b) {
      const auto table = joint_table(static_cast<int>(a), static_cast<int>(b));
      for (std::size_t v = 0; v < table.size(); ++v)
        for (std::size_t w = 0; w < table[v].size(); ++w) {
          const double both = table[v][w];
          if (both * n_ < kMinUsers - 0.5) continue;
          if (std::abs(both - shares_[a][v]) * n_ < 0.5 && std::abs(both - shares_[b][w]) * n_ < 0.5) {
            equivalent_[a][v].push_back({static_cast<int>(b), static_cast<std::int32_t>(w)});
            equivalent_[b][w].push_back({static_cast<int>(a), static_cast<std::int32_t>(v)});
          }
        }
    }
  for (auto& per_attribute : equivalent_)
    for (auto& list : per_attribute) std::sort(list.begin(), list.end());
}

double WorldStats::joint(const std::vector<AttributeValue>& values) const {
  const auto na = world_.attributes.size();
  std::int64_t count = 0;
  for (int i = 0; i < n_; ++i) {
    const auto* row = codes_.data() + static_cast<std::size_t>(i) * na;
    bool all = true;
    for (auto& [a, v] : values) all = all && row[a] == v;
    count += all ? 1 : 0;
  }
  return static_cast<double>(count) / n_;
}

std::vector<std::vector<double>> WorldStats::joint_table(int a, int b) const {
  const auto na = world_.attributes.size();
  std::vector<std::vector<double>> table(world_.attributes[static_cast<std::size_t>(a)].values.size(),
                                         std::vector<double>(world_.attributes[static_cast<std::size_t>(b)].values.size()));
  for (int i = 0; i < n_; ++i) {
    const auto* row = codes_.data() + static_cast<std::size_t>(i) * na;
    table[static_cast<std::size_t>(row[a])][static_cast<std::size_t>(row[b])] += 1.0 / n_;
  }
  return table;
}

std::string WorldStats::lead_id(const std::vector<AttributeValue>& values) const {
  std::vector<std::pair<std::string, std::string>> parts;
  for (auto& [a, v] : values) {
    const auto& spec = world_.attributes[static_cast<std::size_t>(a)];
    parts.emplace_back(spec.name, spec.values[static_cast<std::size_t>(v)]);
  }
  std::sort(parts.begin(), parts.end());
  std::string id;
  for (auto& [name, value] : parts) id += (id.empty() ? "" : "&") + name + ":" + value;
  return id;
}

std::string WorldStats::truth(const std::vector<AttributeValue>& values) const {
  // Every product of each part's alternatives (itself first, then its equivalents), skipping
  // products that name one attribute twice; the cause's own spelling comes first.
  std::vector<std::vector<AttributeValue>> products{{}};
  for (auto& part : values) {
    std::vector<AttributeValue> options{part};
    for (auto& e : equivalents(part.first, part.second)) options.push_back(e);
    std::vector<std::vector<AttributeValue>> next;
    for (auto& p : products)
      for (auto& o : options) {
        if (std::any_of(p.begin(), p.end(), [&](auto& x) { return x.first == o.first; })) continue;
        auto q = p;
        q.push_back(o);
        next.push_back(std::move(q));
      }
    products = std::move(next);
  }
  std::string out;
  std::set<std::string> seen;
  for (auto& p : products) {
    auto id = lead_id(p);
    if (seen.insert(id).second) out += (out.empty() ? "" : "|") + id;
  }
  return out;
}

}  // namespace moce::sim
