#include "harness/model/resource_id.h"

#include "harness/model/permission_groups.h"

namespace scopecheck::model {

std::string_view message(ResourceIdError e) {
  switch (e) {
    case ResourceIdError::kUnknownType: return "unknown resource type";
    case ResourceIdError::kBucketAccount: return "malformed bucket resource: account must be 32 hex chars";
    case ResourceIdError::kBucketSeparator:
      return "malformed bucket resource: expected <account>_<jurisdiction>_<bucket>";
    case ResourceIdError::kBucketJurisdiction:
      return "malformed bucket resource: jurisdiction must be default, eu or fedramp";
    case ResourceIdError::kBucketName:
      return "malformed bucket resource: bucket name must be 3-63 chars of a-z, 0-9 and -, starting and "
             "ending with a letter or digit";
    case ResourceIdError::kBucketWildcardTopLevel:
      return "com.cloudflare.edge.r2.bucket.* must be nested under an account";
    case ResourceIdError::kAccountId: return "malformed account resource: account must be 32 hex chars or *";
    case ResourceIdError::kZoneId: return "malformed zone resource: zone must be 32 hex chars or *";
    case ResourceIdError::kUserId: return "malformed user resource: user must be 32 hex chars";
    case ResourceIdError::kNestedUnderWildcard: return "nested resources need a specific account";
    case ResourceIdError::kNestedKey:
      return "malformed nested resource: expected com.cloudflare.edge.r2.bucket.* or "
             "com.cloudflare.api.account.zone.*";
  }
  return "malformed resource";
}

Result<BucketRef, ResourceIdError> parse_bucket_ref(std::string_view text) {
  std::size_t first = text.find('_');
  std::string_view account = text.substr(0, first);
  if (!is_hex32(account)) return ResourceIdError::kBucketAccount;
  if (first == std::string_view::npos) return ResourceIdError::kBucketSeparator;
  std::size_t second = text.find('_', first + 1);
  if (second == std::string_view::npos) return ResourceIdError::kBucketSeparator;
  auto jurisdiction = parse_jurisdiction(text.substr(first + 1, second - first - 1));
  if (!jurisdiction) return ResourceIdError::kBucketJurisdiction;
  std::string_view name = text.substr(second + 1);
  if (!is_valid_bucket_name(name)) return ResourceIdError::kBucketName;
  return BucketRef{std::string(account), *jurisdiction, std::string(name)};
}

Result<Resource, ResourceIdError> parse_resource_key(std::string_view key) {
  if (key.starts_with(kBucketPrefix)) {
    std::string_view rest = key.substr(kBucketPrefix.size());
    if (rest == "*") return ResourceIdError::kBucketWildcardTopLevel;
    auto b = parse_bucket_ref(rest);
    if (!b) return b.error();
    return Resource::one_bucket(*b);
  }
  // The zone prefix extends the account prefix, so it is tested first.
  if (key.starts_with(kZonePrefix)) {
    std::string_view rest = key.substr(kZonePrefix.size());
    if (rest != "*" && !is_hex32(rest)) return ResourceIdError::kZoneId;
    return Resource{ResourceKind::kZone, {}, std::string(rest)};
  }
  if (key.starts_with(kAccountPrefix)) {
    std::string_view rest = key.substr(kAccountPrefix.size());
    if (rest == "*") return Resource::all_accounts();
    if (!is_hex32(rest)) return ResourceIdError::kAccountId;
    return Resource::account(std::string(rest));
  }
  if (key.starts_with(kUserPrefix)) {
    std::string_view rest = key.substr(kUserPrefix.size());
    if (!is_hex32(rest)) return ResourceIdError::kUserId;
    return Resource{ResourceKind::kUser, {}, std::string(rest)};
  }
  return ResourceIdError::kUnknownType;
}

Result<Resource, ResourceIdError> parse_nested_resource(std::string_view account_key, std::string_view nested) {
  if (account_key.starts_with(kZonePrefix) || !account_key.starts_with(kAccountPrefix)) {
    return ResourceIdError::kUnknownType;
  }
  std::string_view acct = account_key.substr(kAccountPrefix.size());
  if (acct == "*") return ResourceIdError::kNestedUnderWildcard;
  if (!is_hex32(acct)) return ResourceIdError::kAccountId;
  if (nested == kNestedBuckets) return Resource::account_buckets(std::string(acct));
  if (nested == kNestedZones) {
    Resource r = Resource::account(std::string(acct));
    r.kind = ResourceKind::kAccountZones;
    return r;
  }
  return ResourceIdError::kNestedKey;
}

std::string resource_key(const Resource& r) {
  switch (r.kind) {
    case ResourceKind::kBucket: return std::string(kBucketPrefix) + to_string(r.bucket);
    case ResourceKind::kAccountBuckets:
    case ResourceKind::kAccount:
    case ResourceKind::kAccountZones: return std::string(kAccountPrefix) + r.bucket.account;
    case ResourceKind::kAllAccounts: return std::string(kAccountPrefix) + "*";
    case ResourceKind::kZone: return std::string(kZonePrefix) + r.other;
    case ResourceKind::kUser: return std::string(kUserPrefix) + r.other;
  }
  return {};
}

std::optional<std::string> nested_key(const Resource& r) {
  if (r.kind == ResourceKind::kAccountBuckets) return std::string(kNestedBuckets);
  if (r.kind == ResourceKind::kAccountZones) return std::string(kNestedZones);
  return std::nullopt;
}

std::string describe(const Resource& r) {
  std::string out = resource_key(r);
  if (auto n = nested_key(r)) out += " > " + *n;
  return out;
}

std::string_view scope_of(const Resource& r) {
  switch (r.kind) {
    case ResourceKind::kBucket:
    case ResourceKind::kAccountBuckets: return kScopeBucket;
    case ResourceKind::kAccount:
    case ResourceKind::kAllAccounts: return kScopeAccount;
    case ResourceKind::kZone:
    case ResourceKind::kAccountZones: return kScopeZone;
    case ResourceKind::kUser: return kScopeUser;
  }
  return {};
}

}  // namespace scopecheck::model
