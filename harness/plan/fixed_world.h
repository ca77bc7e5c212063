// What a fixed-credential target (static, rgw, swift) offers — one account, named credentials
// with their grants, bucket names — and the rewriting of a generated scenario onto it. Plan data:
// below the targets, which use it to say what they can express.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "harness/model/token.h"
#include "harness/plan/scenario.h"

namespace scopecheck::plan {

// The fixed world a third-party target offers: one account, named credentials with their grants
// (as model tokens with policies on `account`), and bucket names the scenarios may use.
struct FixedWorld {
  std::string account;  // 32 hex, synthetic: third-party targets have one bucket namespace
  struct Credential {
    std::string name;
    model::Token grants;  // policies; status disabled: a credential the target refuses (suspended)
    bool presign = true;  // false: presigned steps are not made with it (its key needs an alias)
  };
  std::vector<Credential> credentials;
  std::vector<std::string> buckets;  // the names world buckets are mapped onto, in order
  std::string scratch_prefix;        // prefix for bucket names the scenario invents (near misses)
  bool keep_generated_grants = false;  // rgw: tokens keep their own (expressible) policies
  // false: ListBuckets is made only by credentials with an admin group (RGW and Swift list the
  // caller's own buckets to anyone; no grant controls it, so it is not expressible there).
  bool list_buckets_without_admin = true;
  // false: multipart steps with a made-up upload id are not made (s3rver answers them 500), nor
  // CompleteMultipartUpload (s3rver 3.7.1 crashes completing a part it does not have).
  bool made_up_upload_ids = true;
  bool virtual_host = false;
  bool presign = true;
  bool sigv2 = true;
  std::vector<std::string> source_ips{"127.0.0.1"};  // a step's source address is kept if listed
};

// The synthetic account id of third-party worlds.
inline constexpr std::string_view kFixedAccount = "5ca1ab1e5ca1ab1e5ca1ab1e5ca1ab1e";

// Rewrites `s` onto `fw`: accounts collapse to fw.account, the world's buckets map in order
// onto fw.buckets (the rest, and the steps naming them, are dropped), other bucket names get
// fw.scratch_prefix, token i becomes credential i (an inactive token: the target's inactive
// credential when it has one; policies replaced by its grants unless keep_generated_grants;
// status the credential's), conditions and validity windows are removed, token and clock steps are
// dropped, steps use path addressing unless virtual_host, presigned/SigV2 steps are dropped
// unless allowed, a request comes from its address if fw.source_ips lists it, else from the
// first of them. nullopt when no S3 step is left.
std::optional<scenario::Scenario> adapt_to_fixed(const scenario::Scenario& s, const FixedWorld& fw);

}  // namespace scopecheck::plan
