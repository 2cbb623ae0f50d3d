// Attribute computation (HotNets'25 sec. 4.2) as nodes of the lazy DAG: this rank's shard of the
// long-range telemetry, every session processed (no sampling), and the derived attributes as
// columns over the shard's sessions. Each node is keyed by the corpus, the incident and its own
// parameters, so templates that need the same column (or the same token sequences) share a node.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "experts/core/incident_input.hpp"
#include "experts/opportunity/hypothesis.hpp"
#include "operators/data/relation.hpp"
#include "operators/data/sequence.hpp"

namespace moce::experts::opportunity {

// This rank's sessions and their events. The block of rows is moved forward to the next change of
// user_id, so every user's sessions (consecutive rows) are on one rank: per-user attributes and
// distinct-user counts need no communication, and the result does not depend on the rank count.
struct Shard {
  Relation sessions;
  Sequence events;  // part i: the events of session i
  Share rows;
  std::size_t bytes() const { return sessions.bytes() + events.rows().bytes(); }
};

struct LoadShard {
  const IncidentInput* input;
  std::string_view name() const { return "opportunity_shard"; }
  void hash_params(Hasher& hasher) const { hasher.add(input->key()); }
  Shard run() const;
};

// The user-aligned block of rows of `rank` given every row's user (exposed for the tests).
Share user_aligned_share(const std::vector<std::int64_t>& users, int rank, int size);

// One derived column over the shard's sessions (NaN = undefined for that session):
//   session_index, inactive_hours (since the user's previous session; NaN for the first seen),
//   hour, night (hour < 9 or > 21), weekend (Saturday or Sunday, UTC), duration_sec,
//   retries (failed attempts: errors, timeouts, CORS errors), waiting_sec (summed request latency),
//   log_errors (error-level server-log lines in the session's start minute: a non-local join),
//   load_quantile (share of the range's hours with fewer session starts than the session's hour:
//   collective, from an exact global histogram).
struct DerivedColumn {
  const IncidentInput* input;
  std::string column;
  std::string_view name() const { return "derived_column"; }
  void hash_params(Hasher& hasher) const { hasher.add(input->key());
    hasher.add(column); }
  bool collective() const { return column == "load_quantile"; }
  std::vector<double> run(const Shard& shard, const Relation& logs) const;
};

// The sessions where an atom holds (0/1 per shard session).
struct AtomMask {
  Atom atom;
  std::string_view name() const { return "atom_mask"; }
  void hash_params(Hasher& hasher) const {
    hasher.add(atom.column);
    hasher.add(static_cast<std::int64_t>(atom.op));
    hasher.add(atom.a);
    hasher.add(atom.b);
  }
  std::vector<std::uint8_t> run(const std::vector<double>& column) const;
};

// Sequencify with the map M and filter F: each session's tokens (ids into `names`).
struct TokenSequences {
  std::vector<std::int32_t> tokens;
  std::vector<std::int64_t> offsets{0};
  std::vector<std::string> names;  // the token dictionary (the same on every rank: built from
                                   // the corpus dictionaries, not from the data)
  std::size_t bytes() const { return tokens.size() * 4 + offsets.size() * 8; }
};

struct Tokenize {
  std::string map;
  std::vector<std::string> ignore;
  std::string_view name() const { return "tokenize"; }
  void hash_params(Hasher& hasher) const {
    hasher.add(map);
    for (auto& e : ignore) hasher.add(e);
  }
  TokenSequences run(const Shard& shard) const;
};

}  // namespace moce::experts::opportunity
