#include "emulator/http_message.h"

#include <strings.h>

namespace scopecheck::emulator {
namespace {
bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && strncasecmp(a.data(), b.data(), a.size()) == 0;
}
}  // namespace

const std::string* find_header(const HttpRequest& r, std::string_view name) {
  for (const auto& [k, v] : r.headers)
    if (iequals(k, name)) return &v;
  return nullptr;
}

size_t count_header(const HttpRequest& r, std::string_view name) {
  size_t n = 0;
  for (const auto& [k, v] : r.headers)
    if (iequals(k, name)) ++n;
  return n;
}

}  // namespace scopecheck::emulator
