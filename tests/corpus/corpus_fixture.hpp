// Small relations used by the corpus tests, with every column type, missing values and
// non-ASCII dictionary strings.
#pragma once

#include <cmath>
#include <limits>

#include "operators/data/relation.hpp"
#include "operators/data/sequence.hpp"

namespace moce::test {

inline std::shared_ptr<Dictionary> isp_dictionary() {
  return std::make_shared<Dictionary>(std::vector<std::string>{"ISP-1", "中国电信", "Télécom-Ñ", ""}, "isp");
}

// Rows [begin, end) of a deterministic table: row i has id 1000+i, x = i/4 (NaN every 7th row),
// isp code i % 4 (missing every 5th row).
inline Relation table_rows(std::int64_t begin, std::int64_t end, const std::shared_ptr<Dictionary>& isp) {
  std::vector<std::int64_t> id;
  std::vector<double> x;
  std::vector<std::int32_t> code;
  for (std::int64_t i = begin; i < end; ++i) {
    id.push_back(1000 + i);
    x.push_back(i % 7 == 6 ? std::numeric_limits<double>::quiet_NaN() : static_cast<double>(i) / 4.0);
    code.push_back(i % 5 == 4 ? kMissingCode : static_cast<std::int32_t>(i % 4));
  }
  Relation r;
  r.add("id", Column::int64(std::move(id))).add("x", Column::real(std::move(x)));
  r.add("isp", Column::categorical(std::move(code), isp));
  return r;
}

// Sessions [begin, end): session s has s % 3 events at times s, s+1, ...; events carry the
// global session row.
inline Sequence session_events(std::int64_t begin, std::int64_t end) {
  std::vector<std::int64_t> session, offsets{0};
  std::vector<double> ts;
  for (std::int64_t s = begin; s < end; ++s) {
    for (std::int64_t k = 0; k < s % 3; ++k) {
      session.push_back(s);
      ts.push_back(static_cast<double>(s + k));
    }
    offsets.push_back(static_cast<std::int64_t>(session.size()));
  }
  Relation r;
  r.add("session", Column::int64(std::move(session))).add("ts", Column::real(std::move(ts)));
  return Sequence(std::move(r), std::move(offsets));
}

}  // namespace moce::test
