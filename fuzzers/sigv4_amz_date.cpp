// PROPERTY: parse_amz_date and parse_scope_date are total; they accept exactly one spelling of
// each instant, so formatting what parsed gives back the input bytes, and the scope date of an
// x-amz-date is its first eight characters.
// Acceptable: bad_amz_date / bad_scope_date for anything else. Bugs: a crash, an exception, a
// sanitizer report, an accepted text that formats differently (two spellings of one instant, or a
// normalized out-of-range field such as month 13).
// LINKS: scopecheck_sigv4
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "harness/sigv4/amz_date.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  namespace s = scopecheck::sigv4;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  if (const auto t = s::parse_amz_date(text)) {
    if (s::format_amz_date(*t) != text) std::abort();
    if (s::format_scope_date(*t) != text.substr(0, 8)) std::abort();
    if (!s::parse_scope_date(text.substr(0, 8))) std::abort();
  }
  if (const auto d = s::parse_scope_date(text)) {
    if (s::format_scope_date(std::chrono::sys_seconds(*d)) != text) std::abort();
  }
  return 0;
}
