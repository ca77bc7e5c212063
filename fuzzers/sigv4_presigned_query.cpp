// PROPERTY: parse_presign_query (and has_presign_parameters) are total; a query that parses
// serializes (to_string) to a query that parses back to an equal PresignQuery, and that query is
// recognised as presigned.
// Acceptable: any ParseError for bytes that do not parse. Bugs: a crash, an exception, a sanitizer
// report, a round trip that changes a field (encoding of the credential, token, signed headers...).
// LINKS: scopecheck_sigv4
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "harness/sigv4/presign_query.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  namespace s = scopecheck::sigv4;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  (void)s::has_presign_parameters(text);
  const auto parsed = s::parse_presign_query(text);
  if (!parsed) return 0;
  const std::string canonical = s::to_string(*parsed);
  if (!s::has_presign_parameters(canonical)) std::abort();
  const auto again = s::parse_presign_query(canonical);
  if (!again || !(*again == *parsed)) std::abort();
  if (s::to_string(*again) != canonical) std::abort();
  return 0;
}
