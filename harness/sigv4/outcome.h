// What verify() concludes about a request: the SigV4 rows of SCOPING.md §7, with stable ids
// equal to SCOPING.md's class names.
#pragma once

#include <string_view>
#include <system_error>

namespace scopecheck::sigv4 {

enum class Outcome {
  ok = 0,
  anonymous,                // SC-SIG-1
  sigv2_unsupported,        // SC-SIG-2
  malformed_auth,           // SC-SIG-3, SC-SIG-4
  streaming_unsupported,    // SC-SIG-12
  missing_content_sha256,   // SC-SIG-10
  unknown_key,              // SC-TK-1
  presign_bad_expiry,       // SC-SIG-6
  time_skewed,              // SC-SIG-5
  presign_expired,          // SC-SIG-7
  signature_mismatch,       // SC-SIG-8
  unsigned_header,          // SC-SIG-9
  content_sha256_mismatch,  // SC-SIG-11
};

// "ok", "anonymous", "sigv2-unsupported", "malformed-auth", ... (SCOPING.md class names).
std::string_view outcome_id(Outcome o);
// One stable line describing the outcome.
std::string_view outcome_message(Outcome o);

// Outcome as std::error_code (value 0 is ok, so an ok outcome is a false error_code).
const std::error_category& outcome_category();
std::error_code make_error_code(Outcome o);

}  // namespace scopecheck::sigv4

template <>
struct std::is_error_code_enum<scopecheck::sigv4::Outcome> : std::true_type {};
