// Parsers (total) and serializers for the Authorization header and the credential scope.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "harness/sigv4/parse_error.h"

namespace scopecheck::sigv4 {

// AKID/YYYYMMDD/region/service/terminator. Region may be empty (R2 accepts it); service and
// terminator are kept as sent so the verifier can say which one is wrong.
struct CredentialScope {
  std::string access_key_id;
  std::string date;  // YYYYMMDD, validated as a calendar date
  std::string region;
  std::string service;
  std::string terminator;
  bool operator==(const CredentialScope&) const = default;
};

// Splits on '/' into exactly five parts; access key id, service and terminator non-empty; date a
// valid YYYYMMDD. Errors: empty_input, bad_credential, bad_scope_date.
Parsed<CredentialScope> parse_credential_scope(std::string_view text);
// "AKID/date/region/service/terminator".
std::string to_string(const CredentialScope& c);
// "date/region/service/terminator" (the scope line of the string to sign).
std::string scope_string(const CredentialScope& c);

struct AuthorizationHeader {
  std::string algorithm;  // always AWS4-HMAC-SHA256 when parsed
  CredentialScope credential;
  std::vector<std::string> signed_headers;  // as sent (order kept), each a non-empty token
  std::string signature;                    // as sent; verify() requires 64 lowercase hex
  bool operator==(const AuthorizationHeader&) const = default;
};

// Parses "AWS4-HMAC-SHA256 Credential=..., SignedHeaders=a;b, Signature=...". Fields are separated
// by ',' with optional spaces around them (S3 docs print both forms), in any order, each exactly
// once. Errors: empty_input, unsupported_algorithm, missing_field, duplicate_field, unknown_field,
// bad_field_syntax, bad_credential, bad_scope_date, bad_signed_headers.
Parsed<AuthorizationHeader> parse_authorization_header(std::string_view text);
// Canonical form with ", " separators; parse_authorization_header gives back an equal value.
std::string to_string(const AuthorizationHeader& a);

// Parses "a;b;c" (non-empty names of HTTP token characters). Error: bad_signed_headers.
Parsed<std::vector<std::string>> parse_signed_headers(std::string_view text);
std::string join_signed_headers(const std::vector<std::string>& names);

}  // namespace scopecheck::sigv4
