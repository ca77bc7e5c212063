// The profile flags decide() takes into account: the **[profile]** points of SCOPING.md.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace scopecheck::model {

struct DecideOptions {
  // §8 tier 9: AWS-style targets answer no-such-bucket for a missing bucket even to a caller
  // without rights (no-such-bucket then ranks just before access-denied).
  bool existence_before_authorization = false;
  // §8 tier 6: targets that express an IP condition as a policy condition (Ceph RGW's
  // aws:SourceIp) decide ip-denied with authorization (it then ranks just before access-denied,
  // after an existence_before_authorization no-such-bucket).
  bool ip_condition_in_authorization = false;
  // §8 tier 5: some targets fold inactive-token into unknown-key.
  bool inactive_as_unknown_key = false;
  // SC-RES-3: a bucket group on the bare-account form grants on every bucket of that account.
  bool bucket_group_on_bare_account_grants = false;
  // SC-SIG-12: streaming payloads verified chunk by chunk instead of streaming-unsupported.
  bool streaming_supported = false;
  // SC-SIG-2: SigV2 verified like SigV4 instead of sigv2-unsupported.
  bool sigv2_supported = false;
  // SC-SIG-5: allowed |x-amz-date − now| in seconds.
  std::int64_t max_skew_seconds = 900;
  // SC-SIG-4: regions accepted in the credential scope; nullopt accepts any.
  std::optional<std::vector<std::string>> accepted_regions = std::vector<std::string>{"auto", "us-east-1", ""};
};

}  // namespace scopecheck::model
