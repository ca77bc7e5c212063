#include "harness/model/permission_groups.h"

#include <gtest/gtest.h>

#include "harness/model/ids.h"

namespace scopecheck::model {
namespace {

TEST(PermissionGroups, CatalogueOfScoping2) {
  struct Row {
    std::string id, name, scope;
    GroupKind kind;
  };
  const std::vector<Row> r2 = {
      {"bf7481a1826f439697cb59a20b22293e", "Workers R2 Storage Write", "com.cloudflare.api.account", GroupKind::kStorageWrite},
      {"b4992e1108244f5d8bfbd5744320c2e1", "Workers R2 Storage Read", "com.cloudflare.api.account", GroupKind::kStorageRead},
      {"2efd5506f9c8494dacb1fa10a3e7d5b6", "Workers R2 Storage Bucket Item Write", "com.cloudflare.edge.r2.bucket",
       GroupKind::kItemWrite},
      {"6a018a9f2fc74eb6b293b0c548f38b39", "Workers R2 Storage Bucket Item Read", "com.cloudflare.edge.r2.bucket",
       GroupKind::kItemRead},
      {"686d18d5ac6c441c867cbf6771e58a0a", "API Tokens Write", "com.cloudflare.api.user", GroupKind::kNone},
      {"0cc3a61731504c89b99ec1be78b77aa0", "API Tokens Read", "com.cloudflare.api.user", GroupKind::kNone},
      {"82e64a83756745bbbb1c9c2701bf816b", "DNS Read", "com.cloudflare.api.account.zone", GroupKind::kNone},
  };
  for (const Row& r : r2) {
    const PermissionGroup* g = find_group(r.id);
    ASSERT_NE(g, nullptr) << r.name;
    EXPECT_EQ(g->name, r.name);
    EXPECT_EQ(g->scope, r.scope);
    EXPECT_EQ(g->kind, r.kind);
  }
  EXPECT_EQ(find_group("00000000000000000000000000000000"), nullptr);
  std::string previous;
  for (const PermissionGroup& g : permission_groups()) {
    EXPECT_TRUE(is_hex32(g.id)) << g.name;
    EXPECT_LT(previous, std::string(g.id)) << "catalogue must be sorted by id";
    previous = std::string(g.id);
  }
}

}  // namespace
}  // namespace scopecheck::model
