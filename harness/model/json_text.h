// Reading a JSON input file the way a user can act on: a folder or an unreadable file is named as
// such (not "not JSON"), and a syntax error says the line and column.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>

#include "harness/model/result.h"

namespace scopecheck::model {

struct TextError {
  std::string message;
};

// The whole file, or why not: "is a folder, not a file", "no such file", "Permission denied".
Result<std::string, TextError> read_text_file(const std::string& path);

// "line 3, column 7: syntax error while parsing object key - invalid literal; …" for a
// parse_error thrown while parsing `text`.
std::string json_syntax_error(std::string_view text, const nlohmann::json::parse_error& e);

// The parsed text, or "not JSON: line 3, column 7: …".
Result<nlohmann::json, TextError> parse_json_document(std::string_view text);

}  // namespace scopecheck::model
