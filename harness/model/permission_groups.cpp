#include "harness/model/permission_groups.h"

#include <array>

namespace scopecheck::model {
namespace {

// Ids are Cloudflare's published ones (harness/model/TOKEN-API.md, permission groups); keep sorted by id.
constexpr std::array<PermissionGroup, 10> kCatalogue = {{
    {"0cc3a61731504c89b99ec1be78b77aa0", "API Tokens Read", kScopeUser, GroupKind::kNone},
    {"2efd5506f9c8494dacb1fa10a3e7d5b6", "Workers R2 Storage Bucket Item Write", kScopeBucket,
     GroupKind::kItemWrite},
    {"45db74139a62490b9b60eb7c4f34994b", "Workers R2 Data Catalog Read", kScopeAccount, GroupKind::kNone},
    {"4755a26eedb94da69e1066d98aa820be", "DNS Write", kScopeZone, GroupKind::kNone},
    {"686d18d5ac6c441c867cbf6771e58a0a", "API Tokens Write", kScopeUser, GroupKind::kNone},
    {"6a018a9f2fc74eb6b293b0c548f38b39", "Workers R2 Storage Bucket Item Read", kScopeBucket,
     GroupKind::kItemRead},
    {"82e64a83756745bbbb1c9c2701bf816b", "DNS Read", kScopeZone, GroupKind::kNone},
    {"b4992e1108244f5d8bfbd5744320c2e1", "Workers R2 Storage Read", kScopeAccount, GroupKind::kStorageRead},
    {"bf7481a1826f439697cb59a20b22293e", "Workers R2 Storage Write", kScopeAccount, GroupKind::kStorageWrite},
    {"d229766a2f7f4d299f20eaa8c9b1fde9", "Workers R2 Data Catalog Write", kScopeAccount, GroupKind::kNone},
}};

}  // namespace

std::span<const PermissionGroup> permission_groups() { return kCatalogue; }

const PermissionGroup* find_group(std::string_view id) {
  for (const auto& g : kCatalogue) {
    if (g.id == id) return &g;
  }
  return nullptr;
}

}  // namespace scopecheck::model
