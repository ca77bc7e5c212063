// Parser (total) and serializer for the X-Amz-* query of a presigned URL.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "harness/sigv4/authorization.h"
#include "harness/sigv4/parse_error.h"

namespace scopecheck::sigv4 {

struct PresignQuery {
  std::string algorithm;  // AWS4-HMAC-SHA256
  CredentialScope credential;
  std::chrono::sys_seconds date{};  // X-Amz-Date
  // X-Amz-Expires as sent: any integer (range checks are verify()'s); digits beyond int64
  // saturate to INT64_MAX / INT64_MIN.
  std::int64_t expires = 0;
  std::vector<std::string> signed_headers;
  std::string signature;
  std::optional<std::string> security_token;
  std::optional<std::string> content_sha256;  // X-Amz-Content-Sha256 if present
  bool operator==(const PresignQuery&) const = default;
};

// True when the raw query names any X-Amz-Algorithm / X-Amz-Credential / X-Amz-Signature
// parameter: the request means to use query auth.
bool has_presign_parameters(std::string_view raw_query);

// Parses the X-Amz-* parameters of a raw query string (other parameters are ignored). Names and
// values are percent-decoded; names compare exactly. Errors: missing_field (a required parameter
// absent), duplicate_field, bad_percent_encoding, unsupported_algorithm, bad_credential,
// bad_scope_date, bad_amz_date, bad_expires, bad_signed_headers, bad_field_syntax (empty
// signature).
Parsed<PresignQuery> parse_presign_query(std::string_view raw_query);

// The X-Amz-* parameters in canonical (sorted, encoded) order, X-Amz-Signature last.
std::string to_string(const PresignQuery& q);

}  // namespace scopecheck::sigv4
