// The `static` target: any S3 server (s3rver, MinIO, AWS, …) described by a file of pre-made
// credentials with their declared grants (scenarios/static/static.schema.json). Scenarios are
// rewritten onto those credentials and the declared buckets; buckets declared "create" are made
// (and removed) with the admin credential, every creation journaled first.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "harness/http/client.h"
#include "harness/targets/target_factory.h"

namespace scopecheck::targets {

struct StaticCredential {
  std::string name;
  std::string access_key;
  std::string secret_key;
  model::Token grants;  // policies on kFixedAccount
};

struct StaticBucket {
  std::string name;
  bool create = true;  // false: it exists and is scratch space (its objects may be deleted)
};

struct StaticConfig {
  std::string name;
  std::string source_file;  // the static file it was loaded from ("" when built in code)
  std::string endpoint;  // "http://127.0.0.1:4568"
  std::string region = "us-east-1";
  std::optional<StaticCredential> admin;  // creates buckets and objects; required when any bucket is "create"
  std::vector<StaticCredential> credentials;
  std::vector<StaticBucket> buckets;
  bool virtual_host = false;
  bool presign = true;
  bool sigv2 = true;
  bool list_buckets_without_admin = true;  // see FixedWorld
  bool made_up_upload_ids = true;          // see FixedWorld
  // Requests may come from 127.0.0.2 as well as 127.0.0.1 (a loopback target that sees the
  // client's address, for IP conditions).
  bool loopback_sources = false;
  std::vector<NotApplicable> not_applicable;  // declared by the file or the adapter that made it
};

// Parses a static file. Throws TargetError(kRejected) naming the field on any error.
StaticConfig parse_static_config(std::string_view text, const std::string& file);
StaticConfig load_static_config(const std::string& path);

// Append-only list of what was created, one JSON object a line; the first line says where, the
// target kind, the admin's access key id and the file its secret comes from (the static file or
// the target's JSON line) — never a secret: CI uploads the folder holding it. Created 0600.
class Journal {
 public:
  Journal(std::string path, const StaticConfig& where, const std::string& kind, std::string extra_json_fields = "");
  void bucket(const std::string& name);
  void user(const std::string& uid);
  // Rewrites the journal to its header only (everything listed was removed).
  void clear();
  const std::string& path() const { return path_; }

 private:
  void append(const std::string& line);
  std::string path_;
  std::string header_;
  std::set<std::string> written_;
};

// Deletes everything a third-party journal lists (objects of journaled buckets, the buckets,
// users), newest first, with the admin credential taken the way the run took it: from
// `credentials_file` (a static file, or the JSON line of rgw-up.sh / swift-up.sh), default the file
// the journal's header names. Returns the number of entries that could not be removed (the
// journal keeps listing them). Throws TargetError(kRejected) when the admin credential cannot be
// had (no file, a file without it, another admin than the journal's).
int cleanup_journal(const std::string& journal_path, const std::string& credentials_file, std::vector<std::string>* log);

class StaticTarget : public CertifiableTarget {
 public:
  // `seed` names the scratch buckets of this run. Throws TargetError(kRejected) for a bad
  // endpoint. `now` is the clock requests are signed with (default: the system clock).
  StaticTarget(StaticConfig config, std::string journal_path, uint64_t seed, std::chrono::milliseconds timeout,
               std::function<int64_t()> now = {}, std::string kind = "static", std::string journal_extra = "");
  ~StaticTarget() override;

  std::string kind() const override { return kind_; }
  std::string name() const override;
  Capabilities capabilities() const override;
  void begin_scenario(int64_t start_time) override;
  std::map<std::string, TokenCredentials> create_world(const scenario::World& world) override;
  void end_scenario() override;
  std::string s3_host(const std::string& account, model::Jurisdiction jurisdiction,
                      const std::string& vhost_bucket) const override;
  std::string s3_url(model::Jurisdiction) const override { return endpoint_.to_string(); }
  http::Expected<http::Response, http::TransportError> send_s3(const http::Request& request,
                                                               const std::string& source_ip, model::Jurisdiction jurisdiction) override;
  int64_t now() override;
  void advance_clock(int64_t) override {}
  void change_token(const scenario::TokenStep& step, const model::Token& token, TokenCredentials& creds) override;

  std::optional<scenario::Scenario> adapt(const scenario::Scenario& s) const override;
  std::vector<NotApplicable> not_applicable() const override;
  std::string journal_path() const override { return journal_.path(); }

  // Empties a bucket (objects, multipart uploads) and, if `remove`, deletes it; with the admin
  // credential. Returns false when something stayed.
  bool empty_bucket(const std::string& bucket, bool remove);
  const StaticConfig& config() const { return config_; }
  // Credentials as the harness presents them: access keys that are not 32 characters long get a
  // 32-hex alias as their id (the rule book's key format, what the model judges), the real key as
  // their wire_id, which the request builder signs with (presigned steps are not made with such
  // a credential).
  TokenCredentials presented(const StaticCredential& c) const;

 protected:
  Journal& journal() { return journal_; }
  StaticConfig config_;
  FixedWorld fixed_;

 private:
  std::string kind_;
  Journal journal_;
  http::Endpoint endpoint_;
  std::unique_ptr<http::Client> client_;
  std::function<int64_t()> now_;
  mutable std::string server_;
  std::set<std::string> touched_buckets_;   // world buckets and buckets steps created
};

}  // namespace scopecheck::targets
