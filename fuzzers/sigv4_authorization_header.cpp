// PROPERTY: parse_authorization_header is total, and any header that parses serializes
// (to_string) to a text that parses back to an equal AuthorizationHeader.
// Acceptable: any ParseError for bytes that do not parse. Bugs: a crash, an exception, a sanitizer
// report, a parsed value whose canonical form does not parse or parses to another value, or a
// canonical form that is not a fixed point (to_string of the reparse differs).
// LINKS: scopecheck_sigv4
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "harness/sigv4/authorization.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  namespace s = scopecheck::sigv4;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto parsed = s::parse_authorization_header(text);
  if (!parsed) return 0;
  const std::string canonical = s::to_string(*parsed);
  const auto again = s::parse_authorization_header(canonical);
  if (!again || !(*again == *parsed)) std::abort();
  if (s::to_string(*again) != canonical) std::abort();
  // The signed-headers list inside must itself round-trip through its own parser.
  const auto names = s::parse_signed_headers(s::join_signed_headers(parsed->signed_headers));
  if (!names || *names != parsed->signed_headers) std::abort();
  return 0;
}
