#include "harness/model/json_path.h"

namespace scopecheck::model {
namespace {
bool is_identifier(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_')) return false;
  }
  return true;
}
}  // namespace

std::string path_field(std::string_view base, std::string_view name) {
  if (!is_identifier(name)) return path_key(base, name);
  std::string out(base);
  if (!out.empty()) out += '.';
  out += name;
  return out;
}

std::string path_index(std::string_view base, std::size_t i) {
  return std::string(base) + "[" + std::to_string(i) + "]";
}

std::string path_key(std::string_view base, std::string_view key) {
  std::string out(base);
  out += "[\"";
  for (char c : key) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  out += "\"]";
  return out;
}

}  // namespace scopecheck::model
