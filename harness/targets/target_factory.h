// Third-party targets for certification (static credential files, Ceph RGW, Swift's S3 layer):
// what they share. Such a target cannot make arbitrary R2 tokens, so it rewrites each generated
// scenario into one it can express (`adapt`), says which rules it can never exercise
// (`not_applicable`), and journals everything it creates so a crashed run can be cleaned up.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "harness/model/token.h"
#include "harness/targets/target.h"

namespace scopecheck::targets {

// A rule the target cannot express, with why (shown on the certificate as "not applicable").
struct NotApplicable {
  std::string rule;
  std::string reason;
};

class CertifiableTarget : public Target {
 public:
  // The scenario rewritten into what this target can express (its credentials, its buckets, no
  // token API or clock steps, …); nullopt when nothing of it is expressible. The result is what is
  // executed, saved in case files and replayed, so it must be stable under a second adapt().
  virtual std::optional<scenario::Scenario> adapt(const scenario::Scenario& s) const = 0;
  // Rules this target never exercises, whatever the scenarios.
  virtual std::vector<NotApplicable> not_applicable() const = 0;
  // The journal file (each created user/bucket is listed there before it is created).
  virtual std::string journal_path() const = 0;
};

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

// Options of the third-party kinds, from the command line.
struct ThirdPartyOptions {
  std::string kind;         // "static", "rgw", "swift"
  std::string static_file;  // static: the credentials file
  std::string target_json;  // rgw/swift: the JSON line printed by scripts/targets/X-up.sh (a file)
  std::string journal;      // default: <out or tmp>/scopecheck-journal.jsonl
  uint64_t seed = 1;
  std::chrono::milliseconds request_timeout{10000};
};

// Builds the target. Throws TargetError(kRejected) for an unreadable/invalid file or an unknown
// kind, TargetError(kUnreachable) when the target's endpoint is not reachable.
std::unique_ptr<CertifiableTarget> make_certifiable_target(const ThirdPartyOptions& options);

// Deletes everything a journal lists (objects of journaled buckets, the buckets, users),
// newest first, using the credentials recorded in the journal. Returns the number of entries
// that could not be removed. Never throws.
int cleanup_journal(const std::string& journal_path, std::vector<std::string>* log = nullptr);

}  // namespace scopecheck::targets
