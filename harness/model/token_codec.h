// JSON codecs for tokens and policies exactly as the token API speaks them (TOKEN-API.md).
// Parsing validates and reports the offending field path; emitting writes `request_ip`
// (both `request_ip` and `request.ip` are accepted on input).
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>

#include "harness/model/codec_error.h"
#include "harness/model/result.h"
#include "harness/model/token.h"

namespace scopecheck::model {

// Which fields are required.
enum class TokenShape {
  kCreateBody,   // POST /user/tokens body: name, policies
  kUpdateBody,   // PUT /user/tokens/{id} body: name, policies (status allowed)
  kTokenObject,  // a token as the API returns it: id, name, policies
  kWorldToken,   // a token in a model world file: id, value, policies
};

// Parses one token. Errors (CodecError, message "<path>: <detail>"), for example:
//   kNotJson            "not JSON: line 1, column 1: syntax error …"
//   kMissingField       "name: missing required field"
//   kWrongType          "policies: must be an array"
//   kOutOfRange         "name: must be 1-120 chars", "policies[0].effect: must be \"allow\" or \"deny\""
//   kUnknownPermissionGroup "policies[0].permission_groups[0].id: unknown permission group <id>"
//   kMalformedResource  "policies[1].resources[\"com.cloudflare.edge.r2.bucket.x\"]: malformed bucket
//                        resource: account must be 32 hex chars"
//   kMalformedCidr      "condition.request_ip.in[0]: malformed CIDR: missing /prefix"
//   kMalformedTimestamp "expires_on: must be an RFC 3339 timestamp like 2026-01-02T03:04:05Z"
//   kWindowInverted     "not_before: must be before expires_on"
//   kEmptyResources     "policies[0].resources: must not be empty"
//   kNestedValueNotStar "policies[0].resources[\"…\"][\"com.cloudflare.edge.r2.bucket.*\"]: nested value must be \"*\""
// Unknown members (issued_on, last_used_on, meta, …) are ignored.
Result<Token, CodecError> parse_token(std::string_view text, TokenShape shape);
// The same over an already-parsed value; `base` prefixes every path ("tokens[2]").
Result<Token, CodecError> parse_token_json(const nlohmann::json& j, TokenShape shape, const std::string& base);
Result<Policy, CodecError> parse_policy_json(const nlohmann::json& j, const std::string& base);

// Emits a token as the API returns it (plus `value` when the token has one). Fields that are
// absent stay absent; permission groups carry their catalogue name (informational).
nlohmann::json emit_token(const Token& token);
nlohmann::json emit_policy(const Policy& policy);

}  // namespace scopecheck::model
