// The `swift` target: OpenStack Swift's S3 layer (s3api + tempauth) brought up by
// scripts/targets/swift-up.sh. Its users are fixed: alice:alice owns the buckets (an admin-write
// token), alice:ro gets Object Read or Write through container ACLs (X-Container-Read /
// X-Container-Write, set with the Swift API as alice), bob:bob is a user of another account.
// Tempauth access keys are not 32 hex, so header-auth requests carry a 32-hex alias that is
// swapped back before sending (the key id is not signed); presigned steps are not made.
#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "harness/targets/static_target.h"

namespace scopecheck::targets {

class SwiftTarget final : public StaticTarget {
 public:
  // `line`: the JSON line swift-up.sh printed. Throws TargetError.
  SwiftTarget(const std::string& line_path, std::string journal, uint64_t seed, std::chrono::milliseconds timeout);

  std::map<std::string, TokenCredentials> create_world(const scenario::World& world) override;
  std::vector<NotApplicable> not_applicable() const override;

 private:
  std::string auth_url_;
  std::string owner_user_, owner_key_;
};

std::unique_ptr<CertifiableTarget> make_swift_target(const std::string& path, const std::string& journal, uint64_t seed,
                                                     std::chrono::milliseconds timeout);

}  // namespace scopecheck::targets
