// A Cloudflare-compatible target: the token API at a base URL (real R2's
// https://api.cloudflare.com/client/v4, the emulator's, or any other implementation) and the S3
// endpoint(s) of one account. It touches only what it creates: every bucket and token name
// carries the run's prefix and is written to the journal before it is created; cleanup deletes
// from the journal with the admin credential, never with a token under test.
#pragma once

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
  ~CloudflareTarget() override;

  std::string kind() const override { return "cloudflare"; }
  Capabilities capabilities() const override;
  void begin_scenario(int64_t start_time) override;
  std::map<std::string, TokenCredentials> create_world(const scenario::World& world) override;
  void end_scenario() override;
  // Deletes what the journal lists (buckets with their objects and uploads, tokens other than
  // this run's admin token), newest first. A creation intended but not confirmed (a crash may
  // have come between) is resolved by looking its name up: tokens in the token API's list,
  // buckets in ListBuckets of their endpoint; what is found is deleted. Entries that could not be
  // removed or resolved stay in the journal. Returns their number (lines of the journal that do
  // not parse count too: the file is then left as it is); `log` gets one line per entry. What
  // `scopecheck cleanup` runs for a cloudflare journal.
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
  const http::Endpoint& endpoint_for(model::Jurisdiction j) const;
  std::string admin_name() const;
  CloudflareTargetOptions options_;
  std::unique_ptr<http::Client> client_;
  std::unique_ptr<TokenApi> api_;
  http::Endpoint s3_, s3_eu_;
  std::unique_ptr<RunJournal> journal_;
  TokenCredentials admin_;
  int64_t clock_offset_ = 0;
};

}  // namespace scopecheck::targets
