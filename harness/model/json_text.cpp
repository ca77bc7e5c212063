#include "harness/model/json_text.h"

#include <fmt/format.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace scopecheck::model {

Result<std::string, TextError> read_text_file(const std::string& path) {
  std::error_code ec;
  const auto status = std::filesystem::status(path, ec);
  if (std::filesystem::is_directory(status)) return TextError{"is a folder, not a file"};
  if (!std::filesystem::exists(status)) return TextError{"no such file"};
  std::ifstream in(path, std::ios::binary);
  if (!in) return TextError{std::strerror(errno)};
  std::ostringstream buf;
  buf << in.rdbuf();
  if (in.bad()) return TextError{"read error"};
  return buf.str();
}

std::string json_syntax_error(std::string_view text, const nlohmann::json::parse_error& e) {
  // e.byte is 1-based and points just past the character that could not be read.
  const size_t at = std::min<size_t>(e.byte == 0 ? 0 : e.byte - 1, text.size());
  size_t line = 1, column = 1;
  for (size_t i = 0; i < at; ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
  }
  // nlohmann's what(): "[json.exception.parse_error.101] parse error at line 1, column 2: <reason>".
  std::string reason = e.what();
  if (auto p = reason.find("column "); p != std::string::npos) {
    if (auto colon = reason.find(": ", p); colon != std::string::npos) reason = reason.substr(colon + 2);
  } else if (auto q = reason.find("] "); q != std::string::npos) {
    reason = reason.substr(q + 2);
  }
  return fmt::format("line {}, column {}: {}", line, column, reason);
}

Result<nlohmann::json, TextError> parse_json_document(std::string_view text) {
  try {
    return nlohmann::json::parse(text.begin(), text.end());
  } catch (const nlohmann::json::parse_error& e) {
    return TextError{"not JSON: " + json_syntax_error(text, e)};
  } catch (const std::exception& e) {
    return TextError{std::string("not JSON: ") + e.what()};
  }
}

}  // namespace scopecheck::model
