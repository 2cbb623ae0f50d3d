// Adtributor (Bhagwan et al., NSDI'14) as specified in ALGORITHMS.md sec. 1: explanatory power
// and Jensen-Shannon surprise per element, greedy candidate sets per dimension under the TEEP and
// TEP thresholds, sets ranked by surprise (Table 3, Expert 13, and the Adtributor baseline).
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

#include "runtime/dag/hash.hpp"
#include <vector>

namespace moce {

// Forecast and actual of every element (value) of every dimension (attribute). For a derived
// measure a/b (e.g. a success rate), forecast/actual hold a and forecast_b/actual_b hold b;
// for an additive measure the _b vectors are empty.
struct AdtributorCube {
  struct Dimension {
    int attribute = 0;
    std::vector<std::int32_t> values;
    std::vector<double> forecast, actual;
    std::vector<double> forecast_b, actual_b;
    void hash_append(Hasher& h) const {
      h.add(attribute);
      h.add(values);
      h.add(forecast);
      h.add(actual);
      h.add(forecast_b);
      h.add(actual_b);
    }
  };
  std::vector<Dimension> dimensions;
  bool derived() const { return !dimensions.empty() && !dimensions.front().forecast_b.empty(); }
  void hash_append(Hasher& h) const { h.add(dimensions); }
};

// Builds the cube from leaf rows (one per attribute combination) by a group-by-sum per attribute;
// rows whose code is kMissingCode belong to no element of that attribute. Empty *_b spans give an
// additive cube.
AdtributorCube adtributor_cube(const std::vector<std::span<const std::int32_t>>& attributes,
                               std::span<const double> forecast, std::span<const double> actual,
                               std::span<const double> forecast_b = {}, std::span<const double> actual_b = {});

struct AdtributorLead {
  int attribute = 0;
  std::int32_t value = 0;
  double explanatory_power = 0;
  double surprise = 0;
};

struct ExplanatorySet {
  int attribute = 0;
  std::vector<AdtributorLead> elements;  // in the order chosen (surprise descending)
  double explanatory_power = 0;          // sum of the elements' EP
  double surprise = 0;                   // sum of the elements' surprise (selected ones only)
};

// Measures (ALGORITHMS.md 1.2, 1.3, 1.6), per dimension, F and A the dimension's totals:
//   additive:  EP_j = (A_j - F_j) / (A - F);
//   derived:   EP_j = [da_j F(b) - db_j F(a)] / [F(b) (F(b) + db_j)], normalised so sum_j EP_j = 1;
//   surprise:  S_j = 1/2 [p log2(2p/(p+q)) + q log2(2q/(p+q))], p = F_j/F, q = A_j/A, 0 log 0 = 0,
//              a zero total gives shares 0 (so only the other side contributes, as PSqueeze);
//              derived: S_j = S_j(a) + S_j(b).
// Algorithm (1.4): in each dimension visit elements by surprise descending (ties: lower code
// first); add an element when EP > TEEP; once the set's EP > TEP, keep the set and stop. A
// dimension whose set never passes TEP gives nothing. Sets are sorted by surprise descending
// (ties: lower attribute) and the first k returned. Choices for the open edge cases (1.8): a
// dimension with |A - F| <= 1e-12 max(|A|, |F|) (additive), F(b) = 0 or |sum EP| <= 1e-12
// (derived) is skipped, so no net change gives an empty result. Log base 2 keeps S in [0, 1].
class Adtributor {
 public:
  struct Params {
    double teep = 0.1;
    double tep = 0.67;
    int k = 3;
    void hash_append(Hasher& h) const {
      h.add(teep);
      h.add(tep);
      h.add(k);
    }
  };
  static constexpr std::string_view kName = "adtributor";

  // Throws ConfigError on k < 1.
  explicit Adtributor(Params params);
  const Params& params() const { return params_; }
  std::string_view name() const { return kName; }
  void hash_params(Hasher& h) const { h.add(params_); }

  std::vector<ExplanatorySet> run(const AdtributorCube& cube) const;

 private:
  Params params_;
};

// The sets' elements in rank order, as single-entity leads (the MoCE baseline's output, 5.2).
std::vector<AdtributorLead> flatten_leads(const std::vector<ExplanatorySet>& sets);

// Jensen-Shannon term of one element from its shares p (forecast) and q (actual), in bits.
double js_surprise(double p, double q);

}  // namespace moce
