// Concatenation of relations with the same columns, and its distributed form: every rank's
// relation gathered in rank order onto every rank.
#pragma once

#include <vector>

#include "operators/data/relation.hpp"
#include "runtime/comm/context.hpp"

namespace moce {

// The rows of `parts` one after the other. Every part must have the first part's column names
// and types (categorical columns: equal dictionaries); throws Error naming the first mismatch.
// No parts: an empty relation.
Relation concat(const std::vector<Relation>& parts);

// Every rank's `local` (same columns everywhere; categorical dictionaries are taken from this
// rank's columns, so they must agree), concatenated in rank order, on every rank.
Relation allgather_relation(const Context& group, const Relation& local);

}  // namespace moce
