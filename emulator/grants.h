// Authorization the way a production service does it: when a token is created or updated its
// policies are compiled into lookup tables (bucket key / account → capability bitmask, one table
// for allow and one for deny); a request then costs a few hash lookups. This is the emulator's
// own reading of SCOPING.md §§2–5, independent of the reference model.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "emulator/bugs.h"

namespace scopecheck::emulator {

using Caps = uint32_t;
enum Capability : Caps {
  kAccountList = 1u << 0,
  kAccountAdmin = 1u << 1,
  kAccountConfigRead = 1u << 2,
  kBucketRead = 1u << 3,
  kBucketWrite = 1u << 4,
};

// --- permission-group catalogue ---
enum class GroupScope { account, bucket, user, zone };
struct PermissionGroup {
  std::string_view id, name, scope_text;
  GroupScope scope;
  Caps account_caps;  // what it grants on an account resource, at account level
  Caps bucket_caps;   // what it grants on each bucket it covers
};
const std::vector<PermissionGroup>& permission_catalogue();
const PermissionGroup* find_group(std::string_view id);

inline constexpr std::string_view kGroupStorageWrite = "bf7481a1826f439697cb59a20b22293e";
inline constexpr std::string_view kGroupStorageRead = "b4992e1108244f5d8bfbd5744320c2e1";
inline constexpr std::string_view kGroupItemWrite = "2efd5506f9c8494dacb1fa10a3e7d5b6";
inline constexpr std::string_view kGroupItemRead = "6a018a9f2fc74eb6b293b0c548f38b39";
inline constexpr std::string_view kGroupApiTokensWrite = "686d18d5ac6c441c867cbf6771e58a0a";
inline constexpr std::string_view kGroupApiTokensRead = "0cc3a61731504c89b99ec1be78b77aa0";

// --- resources ---
enum class ResourceKind { bucket, account_buckets, account, any_account, user, zone };
struct Resource {
  ResourceKind kind;
  std::string account, jurisdiction, bucket;  // as they apply to the kind
};

bool is_account_id(std::string_view s);
bool is_jurisdiction(std::string_view s);
bool is_bucket_name(std::string_view s);

// Parses one `resources` entry (key and value JSON text already split: value is either the
// string "*" — pass nested_keys empty — or an object whose keys are given in nested_keys and
// whose values were all "*"). Returns the error text naming what is wrong, or the resources.
struct ResourceParse {
  std::vector<Resource> resources;
  std::string error;  // empty on success
};
ResourceParse parse_resource_entry(std::string_view key, bool value_is_star,
                                   const std::vector<std::string>& nested_keys);

// --- compiled grants ---
struct BucketEntry {
  std::string account, jurisdiction, bucket;
  Caps caps = 0;
};

struct GrantTable {
  std::unordered_map<std::string, BucketEntry> buckets;  // key: acct_jur_bucket
  std::unordered_map<std::string, Caps> account_buckets;  // acct → caps on every bucket of acct
  std::unordered_map<std::string, Caps> accounts;          // acct → account-level caps
  Caps any_account_buckets = 0;
  Caps any_account = 0;
  // Whether any bucket group (Object token) reached a bucket of acct (used by one seeded bug).
  std::unordered_map<std::string, bool> object_groups_in_account;
};

struct PolicyInput {
  bool deny = false;
  std::vector<Resource> resources;
  std::vector<std::string> group_ids;
};

struct CompiledGrants {
  GrantTable allow, deny;
  std::vector<std::pair<bool, GrantTable>> ordered;  // (is_deny, table) in policy order
};

// Compiles policies. The scope-type-ignored bug changes what is compiled, so bugs are an input.
CompiledGrants compile_grants(const std::vector<PolicyInput>& policies, const BugSet& bugs);

// What the request needs: one capability on an account (bucket empty) or on a bucket.
struct AccessTarget {
  Capability cap;
  std::string account, jurisdiction, bucket;
};

// Decides deny-first, then allow, then implicit deny (SC-GR-3), with the seeded bugs that
// change lookups (prefix, jurisdiction, account, case, deny handling, object admin/list).
bool is_allowed(const CompiledGrants& g, const AccessTarget& t, const BugSet& bugs);

}  // namespace scopecheck::emulator
