// The permission-group catalogue (SCOPING §2): the four R2 groups plus groups that grant nothing
// in R2, so generators can mix in irrelevant groups and the token API's own groups exist.
#pragma once

#include <span>
#include <string_view>

namespace scopecheck::model {

// What a group means to R2 (SCOPING §5). kNone: grants no R2 capability at all.
enum class GroupKind { kStorageWrite, kStorageRead, kItemWrite, kItemRead, kNone };

inline constexpr std::string_view kScopeAccount = "com.cloudflare.api.account";
inline constexpr std::string_view kScopeBucket = "com.cloudflare.edge.r2.bucket";
inline constexpr std::string_view kScopeUser = "com.cloudflare.api.user";
inline constexpr std::string_view kScopeZone = "com.cloudflare.api.account.zone";

struct PermissionGroup {
  std::string_view id;  // 32 lowercase hex, stable
  std::string_view name;
  std::string_view scope;  // one of the kScope* strings
  GroupKind kind;
};

inline constexpr std::string_view kStorageWriteId = "bf7481a1826f439697cb59a20b22293e";
inline constexpr std::string_view kStorageReadId = "b4992e1108244f5d8bfbd5744320c2e1";
inline constexpr std::string_view kItemWriteId = "2efd5506f9c8494dacb1fa10a3e7d5b6";
inline constexpr std::string_view kItemReadId = "6a018a9f2fc74eb6b293b0c548f38b39";
inline constexpr std::string_view kApiTokensWriteId = "686d18d5ac6c441c867cbf6771e58a0a";
inline constexpr std::string_view kApiTokensReadId = "0cc3a61731504c89b99ec1be78b77aa0";

// The whole catalogue, sorted by id (the order the token API returns groups in).
std::span<const PermissionGroup> permission_groups();

// nullptr for an id not in the catalogue (token creation rejects those).
const PermissionGroup* find_group(std::string_view id);

}  // namespace scopecheck::model
