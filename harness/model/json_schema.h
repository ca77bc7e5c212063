// Input files are checked against the JSON Schemas that document them (scenarios/*.schema.json,
// compiled in), so a misspelled key or a wrong type is refused with its JSON path instead of
// being silently ignored. Validation is valijson's; this file picks the one error a user should
// read first and words it.
#pragma once

#include <nlohmann/json.hpp>

#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace scopecheck::model {

enum class InputSchema {
  kCase,      // scenarios/case.schema.json
  kBaseline,  // scenarios/baseline.schema.json
  kProfile,   // scenarios/profile.schema.json
  kStatic,    // scenarios/static/static.schema.json
};

// "scenarios/case.schema.json": where the schema lives in the repository, for messages.
std::string_view schema_file(InputSchema which);

struct SchemaViolation {
  std::string path;    // JSON path of the offending value: "steps[0].bukket", empty for the top level
  std::string detail;  // "unknown key (scenarios/case.schema.json allows no key of that name here)"
  bool unknown_key = false;  // a key the schema does not allow: most often a typo
  std::string message() const { return path.empty() ? detail : path + ": " + detail; }
};

// nullopt when `doc` conforms to the schema; else the most specific error.
std::optional<SchemaViolation> check_schema(const nlohmann::json& doc, InputSchema which);

// Built-in schema texts by base name ("case", "baseline", "profile", "static"). Generated at build
// time by cmake/embed.cmake.
const std::map<std::string, std::string>& builtin_schema_texts();

}  // namespace scopecheck::model
