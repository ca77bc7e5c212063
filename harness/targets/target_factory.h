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
#include "harness/plan/fixed_world.h"
#include "harness/targets/target.h"

namespace scopecheck::targets {

// The plan layer's fixed world (harness/plan/fixed_world.h), as the targets name it.
using plan::FixedWorld;
using plan::adapt_to_fixed;
using plan::kFixedAccount;


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
