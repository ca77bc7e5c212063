// PROPERTY: parse_credential_scope is total, and a scope that parses serializes (to_string) to a
// text that parses back to an equal CredentialScope; scope_string is its last four parts.
// Acceptable: any ParseError (empty_input, bad_credential, bad_scope_date). Bugs: a crash, an
// exception, a sanitizer report, or a round trip that changes the value.
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
  const auto parsed = s::parse_credential_scope(text);
  if (!parsed) return 0;
  const std::string canonical = s::to_string(*parsed);
  const auto again = s::parse_credential_scope(canonical);
  if (!again || !(*again == *parsed)) std::abort();
  if (parsed->access_key_id + "/" + s::scope_string(*parsed) != canonical) std::abort();
  return 0;
}
