// Options shared by the commands that drive a target (run, replay, mutants): which target, its
// connection details, the profile and the strictness. One place, so every command spells them
// the same way.
#pragma once

#include <CLI/CLI.hpp>

#include <memory>
#include <string>
#include <vector>

#include "harness/model/profile.h"
#include "harness/targets/cloudflare_target.h"
#include "harness/targets/target.h"
#include "harness/targets/target_factory.h"

namespace scopecheck::cli {

// The cloudflare API token, the way CI keeps secrets: --api-token-file FILE (its first line), else
// $CLOUDFLARE_API_TOKEN, else --api-token (visible in `ps`: kept for compatibility). "" when none.
// Throws Failure(kExitUsage) for an unreadable or empty file, or both flags at once.
std::string resolve_api_token(const std::string& api_token, const std::string& api_token_file);
// Adds --api-token-file and --api-token to `cmd`, for `prefix` ("cloudflare: ").
void add_api_token_options(CLI::App& cmd, std::string& api_token, std::string& api_token_file, const std::string& prefix);

struct TargetOptions {
  std::string target = "emulator";
  std::string profile;  // default: the target kind's own profile
  std::string strictness = "exact";
  // emulator
  std::vector<std::string> inject;
  int propagation_delay = 0;
  double faults = 0.0;
  int request_timeout_ms = 10000;
  int retries = 4;
  std::string transport = "inproc";  // emulator: inproc (bytes straight to the handlers) or tcp
  std::string tcp_via;               // emulator, tcp: connect through this HTTP relay
  // cloudflare
  std::string api_base, api_token, api_token_file, account, s3_endpoint, s3_endpoint_eu;
  std::vector<std::string> connect_to;
  // After the run's prefix ("sc<seed>-"): a shard's own tag ("s2-", set by `run --shard`), so the
  // shards of one seed, run at once on one account, never share a bucket or token name (every
  // shard runs the whole matrix, whose items are named alike).
  std::string name_tag;
  // static / rgw / swift
  std::string static_file;  // static: the credentials file (scenarios/static/static.schema.json)
  std::string target_json;  // rgw/swift: the JSON line scripts/targets/X-up.sh printed, in a file
  std::string journal;      // where created users/buckets are listed (default: a temp file)

  bool third_party() const { return target == "static" || target == "rgw" || target == "swift"; }

  void add_to(CLI::App& cmd);
  // Throws Failure(kExitUsage) for a bad combination or an unloadable profile.
  model::Profile load_profile() const;
  model::Strictness parsed_strictness() const;
  // Throws Failure(kExitUsage) for a bad file, Failure(kExitInconclusive) for an unreachable target.
  std::unique_ptr<targets::Target> make_target(uint64_t seed) const;
  // The targets of `n` workers. A cloudflare pool shares one account session (client, journal,
  // admin token: CloudflareTarget::pool); other kinds get n targets of their own.
  std::vector<std::unique_ptr<targets::Target>> make_targets(uint64_t seed, int n) const;
  // static / rgw / swift only (certify): the target with its scenario adapter.
  std::unique_ptr<targets::CertifiableTarget> make_certifiable(uint64_t seed) const;

 private:
  targets::CloudflareTargetOptions cloudflare_options(uint64_t seed) const;
};

}  // namespace scopecheck::cli
