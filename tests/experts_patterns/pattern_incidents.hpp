// Hand-built incidents for the pattern and log experts, in a vocabulary of their own (no name of
// the default world), with causes whose statistics are known by construction:
//  - form_incident: a form flow (form_begin..form_end). History: 270 successful sessions
//    "form_begin open_form fill_field tap_submit form_end" (38 of them, i % 7 == 3, submit twice:
//    harmless then) and 30 failed ones (i % 10 == 0) ending in the app's error event "oops" (the
//    failure's symptom). Anomaly: 40 failed sessions with a double submit
//    "... tap_submit tap_submit [oops] form_end", 75 successful single submits and 5 successful
//    double submits. With `symptom`, failed sessions carry "oops"; without, none does.
//  - form_null: the same flow, outcomes independent of the events (every 10th session fails,
//    every 3rd double-submits) in both windows.
//  - log_incident: 3 sessions a minute over both windows; the template "quota exceeded <*>"
//    follows an intensity that varies over the anomaly window and the KPI's failures follow the
//    same intensity; "upstream reset <*>" has a background burst in the history; with `cause`
//    false the anomaly is like the history (no rise, no failures).
#pragma once

#include <string>

#include "tests/experts_support/incident_builder.hpp"

namespace moce::test::patterns {

inline std::vector<TestEvent> form_events(double t, bool twice, bool symptom) {
  std::vector<TestEvent> e;
  for (const char* name : {"session_begin", "form_begin", "open_form", "fill_field", "tap_submit"})
    e.push_back({t += 1, name, "", std::numeric_limits<double>::quiet_NaN(), ""});
  if (twice) e.push_back({t += 1, "tap_submit", "", std::numeric_limits<double>::quiet_NaN(), ""});
  if (symptom) e.push_back({t += 1, "oops", "", std::numeric_limits<double>::quiet_NaN(), ""});
  e.push_back({t += 1, "form_end", "", std::numeric_limits<double>::quiet_NaN(), ""});
  return e;
}

inline IncidentBuilder form_builder(const std::string& id) {
  IncidentBuilder b(id, "signup_ok", KpiKind::kBinary, /*higher_is_better=*/true);
  b.attributes({"region"}).context("form_begin", "form_end");
  return b;
}

inline void form_session(IncidentBuilder& b, double start, bool ok, bool twice, bool symptom) {
  b.session({.start = start, .attrs = {"north"}, .kpi = {ok ? 1.0 : 0.0}, .events = form_events(start, twice, symptom)});
}

inline IncidentBuilder form_incident(bool symptom) {
  auto b = form_builder(symptom ? "form_symptom" : "form_plain");
  for (int i = 0; i < 300; ++i) {
    const bool ok = i % 10 != 0;
    form_session(b, b.hist(i / 300.0), ok, ok && i % 7 == 3, symptom && !ok);
  }
  int twice_ok = 0;
  for (int i = 0; i < 120; ++i) {
    const double t = b.anomaly(i / 120.0);
    if (i % 3 == 0) form_session(b, t, false, true, symptom);  // 40 failed double submits
    else if (i % 16 == 1 && twice_ok < 5) ++twice_ok, form_session(b, t, true, true, false);  // 5 successful ones
    else form_session(b, t, true, false, false);                  // 75 successful single submits
  }
  return b;
}

inline IncidentBuilder form_null() {
  auto b = form_builder("form_null");
  for (int i = 0; i < 420; ++i) {
    const double t = i < 300 ? b.hist(i / 300.0) : b.anomaly((i - 300) / 120.0);
    form_session(b, t, i % 10 != 0, i % 3 == 0, false);
  }
  return b;
}

// The anomaly's failure intensity in [0, 1] at minute m of the 60-minute window: steps of 5
// minutes following the shape 5,1,1,1,4,4,5,3,3,1,5,1 (divided by 5).
inline double intensity(int m) {
  static const int shape[] = {5, 1, 1, 1, 4, 4, 5, 3, 3, 1, 5, 1};
  return shape[(m / 5) % 12] / 5.0;
}

inline IncidentBuilder log_incident(bool cause) {
  IncidentBuilder b(cause ? "log_cause" : "log_null", "checkout_ok", KpiKind::kBinary, true);
  b.attributes({"region"});
  const double t0 = b.hist(0);
  for (int m = 0; m < 360; ++m) {
    const bool anomaly = m >= 300;
    const double level = anomaly && cause ? intensity(m - 300) : 0.0;
    for (int s = 0; s < 3; ++s) {
      // Failures: a 1-in-30 background (minute and slot pattern), plus 3 * level of the 3 sessions.
      const bool fails = (m * 3 + s) % 30 == 7 || s < static_cast<int>(3 * level + 0.5);
      b.session({.start = t0 + 60.0 * m + 10.0 * s + 1, .attrs = {"west"}, .kpi = {fails ? 0.0 : 1.0}, .events = {}});
    }
    const double at = t0 + 60.0 * m;
    b.log(at + 2, "info", "request served <*>");
    if (m % 4 == 0) b.log(at + 3, "error", "quota exceeded <*>");                  // background
    if (m % 3 == 0) b.log(at + 4, "ERROR", "upstream reset <*>");                  // background
    if (m >= 100 && m < 112) for (int k = 0; k < 15; ++k) b.log(at + 5 + k, "ERROR", "upstream reset <*>");
    if (m >= 200 && m < 206) for (int k = 0; k < 10; ++k) b.log(at + 5 + k, "error", "quota exceeded <*>");
    for (int k = 0; k < static_cast<int>(12 * level); ++k) b.log(at + 20 + k, "error", "quota exceeded <*>");
  }
  return b;
}

}  // namespace moce::test::patterns
