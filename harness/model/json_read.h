// Small checked readers over nlohmann::json used by the model's codecs: each either fills its
// output or returns the CodecError naming the field. They never throw.
#pragma once

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <string_view>

#include "harness/model/codec_error.h"
#include "harness/model/result.h"

namespace scopecheck::model {

// Parses text as JSON; kNotJson ("not JSON: line 1, column 5: syntax error …") on failure.
Result<nlohmann::json, CodecError> parse_json_text(std::string_view text);

inline CodecError codec_error(CodecErrorKind kind, std::string path, std::string detail) {
  return CodecError{kind, std::move(path), std::move(detail)};
}

// The member `name` of object `obj`, or nullptr when absent or null.
const nlohmann::json* member(const nlohmann::json& obj, std::string_view name);

// Required/optional string members; kMissingField, kWrongType ("must be a string").
std::optional<CodecError> read_string(const nlohmann::json& obj, std::string_view name, const std::string& base,
                                      std::optional<std::string>& out, bool required);

}  // namespace scopecheck::model
