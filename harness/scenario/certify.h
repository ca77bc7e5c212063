// Certification of a third-party S3 server: the matrix and a random phase run on a
// CertifiableTarget, every check judged at exact and at status strictness against the target's
// profile, one verdict per SCOPING.md rule (pass / fail / not applicable), the profile's declared
// deviations, and a shrunk replayable case per failing rule. Writers for certificate.json
// (scenarios/certificate.schema.json), certificate.html and certificate.md.
#pragma once

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "harness/model/profile.h"
#include "harness/report/certificate.h"
#include "harness/report/run_result.h"
#include "harness/scenario/campaign.h"
#include "harness/targets/target_factory.h"

namespace scopecheck::scenario {

// The certificate and its writers live in harness/report (report/certificate.h).
using report::Certificate;
using report::RuleRow;
using report::RuleVerdict;
using report::certificate_exit_code;
using report::certificate_html;
using report::certificate_json;
using report::certificate_markdown;
using report::write_certificate;
using report::to_string;

struct CertifyOptions {
  uint64_t seed = 1;
  std::chrono::seconds budget{60};
  int max_steps = 12;
  int retries = 2;
  std::string out_dir;             // cases/ goes here ("" = no case files)
  std::string replay_options;      // appended to replay commands: "--target static --static-file F"
  // Appended after them for a case judged by the profile (a permissive finding: by the
  // reference), when that profile is a file: "--profile ../p.json". "" otherwise.
  std::string profile_replay_option, reference_replay_option;
  std::function<void(const std::string&)> log;  // progress lines (may be empty)
  // Set by a signal handler: no new step starts; the certificate covers what ran (the caller marks
  // it interrupted).
  const std::atomic<bool>* interrupt = nullptr;
  CampaignProgress* live = nullptr;  // live counters for a progress display (may be null)
};

// Runs the certification. Throws targets::TargetError(kUnreachable) when the target cannot be
// reached. `reference` is the profile the certificate compares against (R2): a refusal there
// answered with success is a failure even when `profile` declares it.
Certificate certify(targets::CertifiableTarget& target, const model::Profile& profile, const model::Profile& reference,
                    const CertifyOptions& options);

}  // namespace scopecheck::scenario
