// The `rgw` target: Ceph RADOS Gateway brought up by scripts/targets/rgw-up.sh. Tokens become
// RGW users (made once per run with radosgw-admin, 32-hex access keys, journaled), their Object
// Read/Write grants bucket-policy statements on the world's buckets; the admin user owns the
// buckets and stands for an admin-write token; a suspended user stands for a disabled token
// (SC-TK-3), a user whose policy statements carry aws:SourceIp for a token with an IP condition
// (SC-TK-4). Accounts, jurisdictions, validity windows and token changes are not expressible
// (not applicable on the certificate).
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>

#include "harness/model/token.h"
#include "harness/targets/static_target.h"

namespace scopecheck::targets {

class RgwTarget final : public StaticTarget {
 public:
  // `line`: the JSON line rgw-up.sh printed. Creates the users. Throws TargetError.
  RgwTarget(const std::string& line, std::string journal, uint64_t seed, std::chrono::milliseconds timeout);
  ~RgwTarget() override;

  std::map<std::string, TokenCredentials> create_world(const scenario::World& world) override;
  std::vector<NotApplicable> not_applicable() const override;

 private:
  std::string ceph_conf_;
  std::vector<std::pair<std::string, std::string>> users_;  // credential name → uid
};

// Reads the JSON line from `path` and builds the target.
std::unique_ptr<CertifiableTarget> make_rgw_target(const std::string& path, const std::string& journal, uint64_t seed,
                                                   std::chrono::milliseconds timeout);

// The bucket policy (JSON text) that gives `uid` the S3 actions of an R2 permission group on
// `bucket` (Effect Allow or Deny). Pure, for tests.
// With `condition`, an Allow statement holds only from its addresses (aws:SourceIp).
std::string rgw_policy_statement(const std::string& uid, const std::string& group_id, const std::string& bucket, bool deny,
                                 const std::optional<model::IpCondition>& condition = std::nullopt);

}  // namespace scopecheck::targets
