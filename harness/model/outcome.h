// Outcome classes (SCOPING §8, §9): what the model decides. Profiles map them to wire answers.
#pragma once

#include <optional>
#include <span>
#include <string_view>

namespace scopecheck::model {

// Declared in the precedence order of SCOPING §8: when a request breaks several rules, the
// class declared first wins.
enum class OutcomeClass {
  kMalformedAuth,
  kSigv2Unsupported,
  kStreamingUnsupported,
  kMissingContentSha256,
  kAnonymous,
  kMalformedCredential,
  kUnknownKey,
  kPresignBadExpiry,
  kTimeSkewed,
  kPresignExpired,
  kSignatureMismatch,
  kUnsignedHeader,
  kInactiveToken,
  kIpDenied,
  kContentSha256Mismatch,
  kAccessDenied,
  kNoSuchBucket,
  kNoSuchKey,
  kNoSuchUpload,
  // Not in SCOPING §9: the bucket has no CORS / lifecycle configuration (S3 and R2 answer 404
  // NoSuchCORSConfiguration / NoSuchLifecycleConfiguration to a caller allowed to read it).
  kNoSuchCorsConfiguration,
  kNoSuchLifecycleConfiguration,
  kBucketNotEmpty,
  kBucketExists,
  kInvalidBucketName,
  kOk,
};

// The names of SCOPING §9 ("malformed-auth", …, "invalid-bucket-name") and "ok".
std::string_view to_string(OutcomeClass c);
std::optional<OutcomeClass> parse_outcome(std::string_view name);
std::span<const OutcomeClass> all_outcomes();

// SCOPING §8 tier, 1..10 (10 = success).
int precedence_tier(OutcomeClass c);
// Resource-state classes: tier 9.
bool is_resource_state(OutcomeClass c);

}  // namespace scopecheck::model
