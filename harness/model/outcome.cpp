#include "harness/model/outcome.h"

#include <array>

namespace scopecheck::model {
namespace {

struct OutcomeRow {
  OutcomeClass c;
  std::string_view name;
  int tier;
};

constexpr std::array<OutcomeRow, 25> kOutcomes = {{
    {OutcomeClass::kMalformedAuth, "malformed-auth", 1},
    {OutcomeClass::kSigv2Unsupported, "sigv2-unsupported", 1},
    {OutcomeClass::kStreamingUnsupported, "streaming-unsupported", 1},
    {OutcomeClass::kMissingContentSha256, "missing-content-sha256", 1},
    {OutcomeClass::kAnonymous, "anonymous", 2},
    {OutcomeClass::kMalformedCredential, "malformed-credential", 2},
    {OutcomeClass::kUnknownKey, "unknown-key", 2},
    {OutcomeClass::kPresignBadExpiry, "presign-bad-expiry", 3},
    {OutcomeClass::kTimeSkewed, "time-skewed", 3},
    {OutcomeClass::kPresignExpired, "presign-expired", 3},
    {OutcomeClass::kSignatureMismatch, "signature-mismatch", 4},
    {OutcomeClass::kUnsignedHeader, "unsigned-header", 4},
    {OutcomeClass::kInactiveToken, "inactive-token", 5},
    {OutcomeClass::kIpDenied, "ip-denied", 6},
    {OutcomeClass::kContentSha256Mismatch, "content-sha256-mismatch", 7},
    {OutcomeClass::kAccessDenied, "access-denied", 8},
    {OutcomeClass::kNoSuchBucket, "no-such-bucket", 9},
    {OutcomeClass::kNoSuchKey, "no-such-key", 9},
    {OutcomeClass::kNoSuchUpload, "no-such-upload", 9},
    {OutcomeClass::kNoSuchCorsConfiguration, "no-such-cors-configuration", 9},
    {OutcomeClass::kNoSuchLifecycleConfiguration, "no-such-lifecycle-configuration", 9},
    {OutcomeClass::kBucketNotEmpty, "bucket-not-empty", 9},
    {OutcomeClass::kBucketExists, "bucket-exists", 9},
    {OutcomeClass::kInvalidBucketName, "invalid-bucket-name", 9},
    {OutcomeClass::kOk, "ok", 10},
}};

constexpr std::array<OutcomeClass, 25> kAll = [] {
  std::array<OutcomeClass, 25> a{};
  for (std::size_t i = 0; i < kOutcomes.size(); ++i) a[i] = kOutcomes[i].c;
  return a;
}();

}  // namespace

std::string_view to_string(OutcomeClass c) { return kOutcomes[static_cast<std::size_t>(c)].name; }

std::optional<OutcomeClass> parse_outcome(std::string_view name) {
  for (const auto& r : kOutcomes) {
    if (r.name == name) return r.c;
  }
  return std::nullopt;
}

std::span<const OutcomeClass> all_outcomes() { return kAll; }

int precedence_tier(OutcomeClass c) { return kOutcomes[static_cast<std::size_t>(c)].tier; }

bool is_resource_state(OutcomeClass c) { return precedence_tier(c) == 9; }

}  // namespace scopecheck::model
