// Resource identifiers of a policy's `resources` object (SCOPING §3, SC-RES-1, SC-RES-5).
//
//   "com.cloudflare.edge.r2.bucket.<ACCT>_<JUR>_<BUCKET>": "*"                    kBucket
//   "com.cloudflare.api.account.<ACCT>": {"com.cloudflare.edge.r2.bucket.*": "*"} kAccountBuckets
//   "com.cloudflare.api.account.<ACCT>": "*"                                      kAccount
//   "com.cloudflare.api.account.*": "*"                                           kAllAccounts
// and, granting nothing in R2 but accepted by the token API:
//   "com.cloudflare.api.account.zone.<ZONE>|*": "*"                               kZone
//   "com.cloudflare.api.account.<ACCT>": {"com.cloudflare.api.account.zone.*": "*"} kAccountZones
//   "com.cloudflare.api.user.<TAG>": "*"                                          kUser
#pragma once

#include <compare>
#include <optional>
#include <string>
#include <string_view>

#include "harness/model/ids.h"
#include "harness/model/result.h"

namespace scopecheck::model {

inline constexpr std::string_view kBucketPrefix = "com.cloudflare.edge.r2.bucket.";
inline constexpr std::string_view kAccountPrefix = "com.cloudflare.api.account.";
inline constexpr std::string_view kZonePrefix = "com.cloudflare.api.account.zone.";
inline constexpr std::string_view kUserPrefix = "com.cloudflare.api.user.";
inline constexpr std::string_view kNestedBuckets = "com.cloudflare.edge.r2.bucket.*";
inline constexpr std::string_view kNestedZones = "com.cloudflare.api.account.zone.*";

enum class ResourceKind { kBucket, kAccountBuckets, kAccount, kAllAccounts, kZone, kAccountZones, kUser };

struct Resource {
  ResourceKind kind = ResourceKind::kAllAccounts;
  BucketRef bucket;   // kBucket: all three parts; kAccountBuckets/kAccount/kAccountZones: account only
  std::string other;  // kZone: zone id or "*"; kUser: user tag

  friend bool operator==(const Resource&, const Resource&) = default;
  friend auto operator<=>(const Resource&, const Resource&) = default;

  static Resource one_bucket(BucketRef b) { return {ResourceKind::kBucket, std::move(b), {}}; }
  static Resource account_buckets(std::string acct) {
    return {ResourceKind::kAccountBuckets, {std::move(acct), Jurisdiction::kDefault, {}}, {}};
  }
  static Resource account(std::string acct) {
    return {ResourceKind::kAccount, {std::move(acct), Jurisdiction::kDefault, {}}, {}};
  }
  static Resource all_accounts() { return {ResourceKind::kAllAccounts, {}, {}}; }
};

enum class ResourceIdError {
  kUnknownType,
  kBucketAccount,
  kBucketSeparator,
  kBucketJurisdiction,
  kBucketName,
  kBucketWildcardTopLevel,
  kAccountId,
  kZoneId,
  kUserId,
  kNestedUnderWildcard,
  kNestedKey,
};

// Stable, user-visible messages (tested verbatim), e.g.
// "malformed bucket resource: account must be 32 hex chars".
std::string_view message(ResourceIdError e);

// Parses "<ACCT>_<JUR>_<BUCKET>" (SC-RES-1): the account is checked first, then the separators,
// the jurisdiction, the name. Exact: no case folding, trimming or decoding.
Result<BucketRef, ResourceIdError> parse_bucket_ref(std::string_view text);

// Parses a top-level `resources` key whose value is "*". Total over any string.
// Errors: kUnknownType, kBucket*, kBucketWildcardTopLevel (SC-RES-5), kAccountId, kZoneId, kUserId.
Result<Resource, ResourceIdError> parse_resource_key(std::string_view key);

// Parses a nested entry: `account_key` holds an object and `nested_key` is one of its keys.
// Errors: kAccountId, kNestedUnderWildcard (`com.cloudflare.api.account.*` cannot nest),
// kUnknownType when account_key is not an account key, kNestedKey for any other nested key.
Result<Resource, ResourceIdError> parse_nested_resource(std::string_view account_key, std::string_view nested_key);

// The top-level key of a resource (for nested kinds: the account key).
std::string resource_key(const Resource& r);
// For the nested kinds, the nested key; nullopt otherwise.
std::optional<std::string> nested_key(const Resource& r);
// A one-line rendering: the key, plus " > nested" for nested kinds.
std::string describe(const Resource& r);

// The permission-group scope of a resource (SC-RES-3): kScopeBucket for kBucket and
// kAccountBuckets, kScopeAccount for kAccount and kAllAccounts, kScopeZone, kScopeUser.
std::string_view scope_of(const Resource& r);

}  // namespace scopecheck::model
