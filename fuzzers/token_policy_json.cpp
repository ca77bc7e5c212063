// PROPERTY: parse_token either rejects with a CodecError that names a field path (or is a
// whole-document error), or accepts a token that round-trips: emit_token -> dump -> parse_token
// with the same shape gives an equal Token.
// Input: byte 0 picks the shape (create body, update body, token object, world token); the rest is
// the JSON text.
// Acceptable: any CodecError. Bugs: a crash, an exception escaping, a sanitizer report, a
// field-level error with an empty path, or an accepted token that emits to something that does
// not parse back equal.
// LINKS: scopecheck_model
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "harness/model/token_codec.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  namespace m = scopecheck::model;
  if (size == 0) return 0;
  static constexpr m::TokenShape kShapes[] = {m::TokenShape::kCreateBody, m::TokenShape::kUpdateBody,
                                              m::TokenShape::kTokenObject, m::TokenShape::kWorldToken};
  const m::TokenShape shape = kShapes[data[0] % 4];
  const std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
  const auto parsed = m::parse_token(text, shape);
  if (!parsed) {
    const auto& e = parsed.error();
    (void)m::message(e.kind);
    if (e.kind != m::CodecErrorKind::kNotJson && e.kind != m::CodecErrorKind::kWrongType &&
        e.kind != m::CodecErrorKind::kMissingField && e.path.empty()) {
      std::fprintf(stderr, "token_policy_json: error without a field path: %s\n", e.message().c_str());
      std::abort();
    }
    return 0;
  }
  const std::string emitted = m::emit_token(*parsed).dump();
  const auto again = m::parse_token(emitted, shape);
  if (!again) {
    std::fprintf(stderr, "token_policy_json: emitted token rejected: %s\n%s\n", again.error().message().c_str(),
                 emitted.c_str());
    std::abort();
  }
  if (!(*again == *parsed)) {
    std::fprintf(stderr, "token_policy_json: round trip changed the token:\n%s\n%s\n", emitted.c_str(),
                 m::emit_token(*again).dump().c_str());
    std::abort();
  }
  return 0;
}
