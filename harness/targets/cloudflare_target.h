// A Cloudflare-compatible target: the token API at a base URL (real R2's
// https://api.cloudflare.com/client/v4, the emulator's, or any other implementation) and the S3
// endpoint(s) of one account. It touches only what it creates: every bucket and token name
// carries the run's prefix and is written to the journal before it is created; cleanup deletes
// from the journal with the admin credential, never with a token under test.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "harness/http/client.h"
#include "harness/targets/journal.h"
#include "harness/targets/target.h"
#include "harness/targets/token_api.h"

namespace scopecheck::targets {

struct CloudflareTargetOptions {
  std::string api_base;        // ".../client/v4"
  std::string api_token;       // holds API Tokens Write + Read
  std::string account;         // 32 hex: the account the buckets live in
  std::string s3_endpoint;     // default jurisdiction, e.g. https://<acct>.r2.cloudflarestorage.com
  std::string s3_endpoint_eu;  // optional: https://<acct>.eu.r2.cloudflarestorage.com
  std::vector<std::string> connect_to;  // "host:port:addr:port" like curl, for loopback tests
  std::string ca_file;
  int64_t propagation_window = 60;  // seconds (R2 documents up to 60 s)
  std::string journal_path;         // default: <out>/journal.jsonl
  std::string run_prefix;           // prefix of every name this run creates
  bool keep = false;                // leave what was created
  std::chrono::milliseconds request_timeout{30000};
};

class CloudflareTarget final : public Target {
 public:
  // Throws TargetError(kRejected) for malformed URLs or account ids.
  explicit CloudflareTarget(CloudflareTargetOptions options);
  // The targets of `workers` workers of one run on one account (`scopecheck run --jobs N`): they
  // share the HTTP client, the token API, the journal and one admin token, made by the first
  // scenario to begin and deleted when the last of them is destroyed. Each removes at the end of
  // its scenario only what that scenario made. Throws as the constructor.
  static std::vector<std::unique_ptr<Target>> pool(CloudflareTargetOptions options, int workers);
  // Unless `keep`, the last target of a pool (or a target of its own) sweeps what the journal
  // still lists (removals that failed during the run) and deletes the run's admin token.
  ~CloudflareTarget() override;

  std::string kind() const override { return "cloudflare"; }
  Capabilities capabilities() const override;
  // The scenario's tokens are named from its seed (run prefix, 8 hex of the seed, the token's
  // ref): the names of scenarios running at once differ, and do not depend on the worker.
  void seed_scenario(uint64_t seed) override;
  void begin_scenario(int64_t start_time) override;
  std::map<std::string, TokenCredentials> create_world(const scenario::World& world) override;
  // Removes what this scenario made (this target's journal lines only: other workers' scenarios
  // go on) and drops those lines from the journal; what could not be removed stays listed.
  void end_scenario() override;
  // Deletes what the journal lists (buckets with their objects and uploads, tokens other than
  // this run's admin token), newest first. A creation intended but not confirmed (a crash may
  // have come between) is resolved by looking its name up: tokens in the token API's list,
  // buckets in ListBuckets of their endpoint; what is found is deleted. Entries that could not be
  // removed or resolved stay in the journal. Returns their number (lines of the journal that do
  // not parse count too: the file is then left as it is); `log` gets one line per entry. What
  // `scopecheck cleanup` runs for a cloudflare journal; the whole journal, so only when no other
  // worker of the run is in a scenario.
  int remove_journaled(std::vector<std::string>* log);
  // Deletes this run's admin token and drops it from the journal. False when it could not be
  // deleted (the journal keeps it). The destructor calls it unless `keep`.
  bool release_admin();
  std::string s3_host(const std::string& account, model::Jurisdiction jurisdiction,
                      const std::string& vhost_bucket) const override;
  std::string s3_url(model::Jurisdiction j) const override { return endpoint_for(j).to_string(); }
  http::Expected<http::Response, http::TransportError> send_s3(const http::Request& request,
                                                               const std::string& source_ip, model::Jurisdiction jurisdiction) override;
  int64_t now() override;
  void advance_clock(int64_t seconds) override;
  void change_token(const scenario::TokenStep& step, const model::Token& token, TokenCredentials& creds) override;

  const std::string& account() const { return options_.account; }
  const std::string& run_prefix() const { return options_.run_prefix; }

 private:
  struct Account;  // what the targets of one pool share
  explicit CloudflareTarget(std::shared_ptr<Account> account);
  static std::shared_ptr<Account> open_account(CloudflareTargetOptions options);
  const http::Endpoint& endpoint_for(model::Jurisdiction j) const;
  std::string admin_name() const;
  std::string token_name(const std::string& ref) const;
  // Journals what this scenario is about to make / has made (and remembers it for end_scenario).
  void intend(const JournalEntry& e);
  void created(const JournalEntry& e);
  // Removes `entries` (journal lines, oldest first) newest first; what could not be removed or
  // resolved goes to `left`. Never throws.
  void remove_entries(const std::vector<JournalEntry>& entries, std::vector<JournalEntry>& left, std::vector<std::string>* log);

  std::shared_ptr<Account> account_;
  const CloudflareTargetOptions& options_;  // the account's, below
  http::Client& client_;
  TokenApi& api_;
  const http::Endpoint& s3_;
  const http::Endpoint& s3_eu_;
  RunJournal& journal_;
  TokenCredentials& admin_;
  std::vector<JournalEntry> scenario_entries_;  // journaled by this target since its last end_scenario
  std::string item_tag_;                        // from the scenario's seed
  int64_t clock_offset_ = 0;
};

}  // namespace scopecheck::targets
