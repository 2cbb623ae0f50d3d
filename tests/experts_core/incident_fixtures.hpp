// Hand-built incidents shared by the framework's tests.
#pragma once

#include <string>

#include "tests/experts_support/incident_builder.hpp"

namespace moce::test {

// login_time (lower is better) over isp x os: 3 ISPs, 2 OSes, 600 sessions in the history and
// 240 in the anomaly window (deterministic spread of values). With `faulty_isp` non-empty, that
// ISP's sessions take 3x longer in the anomaly window; otherwise nothing changes (a null incident).
// With `second_faulty_isp` too, two independent causes at once (the two_causes category).
inline IncidentBuilder cohort_incident(const std::string& id, const std::string& faulty_isp,
                                       const std::string& second_faulty_isp = "") {
  IncidentBuilder b(id, "login_time", KpiKind::kReal, false);
  b.attributes({"isp", "os"});
  const char* isps[] = {"A", "B", "C"};
  const char* oses[] = {"x", "y"};
  auto add = [&](int n, bool anomaly) {
    for (int i = 0; i < n; ++i) {
      const std::string isp = isps[i % 3];
      const std::string os = oses[(i / 3) % 2];
      double value = 100 + 10 * ((i * 7) % 11);  // 100..200, the same spread in every cohort
      if (anomaly && (isp == faulty_isp || isp == second_faulty_isp)) value *= 3;
      b.session({.start = anomaly ? b.anomaly((i + 0.5) / n) : b.hist((i + 0.5) / n), .attrs = {isp, os}, .kpi = {value}});
    }
  };
  add(600, false);
  add(240, true);
  if (!second_faulty_isp.empty()) b.truth("isp:" + faulty_isp + ";isp:" + second_faulty_isp);
  else if (!faulty_isp.empty()) b.truth("isp:" + faulty_isp);
  return b;
}

}  // namespace moce::test
