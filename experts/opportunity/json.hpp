// A small strict JSON reader (RFC 8259: objects, arrays, strings with escapes, numbers, true,
// false, null; no comments, no trailing commas) for hypothesis files written by other tools.
// Errors name the line and column; the schema checks of hypotheses_file.cpp name entry and field.
#pragma once

#include <string>
#include <vector>

namespace moce::experts::opportunity {

struct Json {
  enum class Type { kNull, kBool, kNumber, kString, kArray, kObject };
  Type type = Type::kNull;
  bool boolean = false;
  double number = 0;
  std::string string;
  std::vector<Json> array;
  // An object's members in file order (duplicate keys are an error): keys[i] names values[i].
  // Two vectors rather than a vector of pairs, since std::pair<std::string, Json> would need Json
  // complete here (clang with libstdc++ 12 rejects it).
  std::vector<std::string> keys;
  std::vector<Json> values;

  const Json* find(const std::string& key) const;
  static const char* type_name(Type type);
};

// Throws InputError("<where>: line L, column C: <what>") on malformed text.
Json parse_json(const std::string& text, const std::string& where);

}  // namespace moce::experts::opportunity
