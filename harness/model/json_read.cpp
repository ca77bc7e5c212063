#include "harness/model/json_read.h"

#include "harness/model/json_path.h"
#include "harness/model/json_text.h"

namespace scopecheck::model {

Result<nlohmann::json, CodecError> parse_json_text(std::string_view text) {
  try {
    return nlohmann::json::parse(text.begin(), text.end());
  } catch (const nlohmann::json::parse_error& e) {
    return codec_error(CodecErrorKind::kNotJson, "", "not JSON: " + json_syntax_error(text, e));
  } catch (const std::exception&) {
    return codec_error(CodecErrorKind::kNotJson, "", "not JSON");
  }
}

const nlohmann::json* member(const nlohmann::json& obj, std::string_view name) {
  if (!obj.is_object()) return nullptr;
  auto it = obj.find(std::string(name));
  if (it == obj.end() || it->is_null()) return nullptr;
  return &*it;
}

std::optional<CodecError> read_string(const nlohmann::json& obj, std::string_view name, const std::string& base,
                                      std::optional<std::string>& out, bool required) {
  const nlohmann::json* v = member(obj, name);
  if (!v) {
    if (required) return codec_error(CodecErrorKind::kMissingField, path_field(base, name), "missing required field");
    return std::nullopt;
  }
  if (!v->is_string()) return codec_error(CodecErrorKind::kWrongType, path_field(base, name), "must be a string");
  out = v->get<std::string>();
  return std::nullopt;
}

}  // namespace scopecheck::model
