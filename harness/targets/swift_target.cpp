#include "harness/targets/swift_target.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <unistd.h>

#include <fstream>

#include "harness/http/url.h"
#include "harness/model/permission_groups.h"
#include "harness/sigv4/crypto.h"

namespace scopecheck::targets {

namespace {

using nlohmann::json;

json read_line(const std::string& path) {
  std::ifstream in(path);
  std::string line;
  if (!in || !std::getline(in, line))
    throw TargetError(TargetError::Kind::kRejected, fmt::format("{}: cannot read the target's JSON line", path));
  json j = json::parse(line, nullptr, false);
  if (!j.is_object() || !j.contains("users") || !j["users"].is_array() || !j.contains("endpoint"))
    throw TargetError(TargetError::Kind::kRejected, fmt::format("{}: not the JSON line of swift-up.sh", path));
  return j;
}

model::Policy grant(std::string_view group, std::vector<model::Resource> resources) {
  model::Policy p;
  p.permission_groups = {std::string(group)};
  p.resources = std::move(resources);
  model::sort_resources(p.resources);
  return p;
}

StaticConfig swift_config(const json& j, uint64_t seed) {
  StaticConfig c;
  c.name = "OpenStack Swift s3api";
  c.endpoint = j["endpoint"];
  c.region = j.value("region", "us-east-1");
  const std::string acct(kFixedAccount);
  const std::string tag = sigv4::sha256_hex(fmt::format("{}:{}", seed, ::getpid())).substr(0, 8);
  auto bucket = [&](int i) { return fmt::format("sc{}-b{}", tag, i); };
  for (const auto& u : j["users"]) {
    StaticCredential cred{u.value("access_key", ""), u.value("access_key", ""), u.value("secret_key", ""), {}};
    const std::string access = cred.access_key;
    if (access == "alice:alice") {
      cred.name = "owner";
      cred.grants.policies = {grant(model::kStorageWriteId, {model::Resource::account(acct)})};
      c.admin = cred;
    } else if (access == "alice:ro") {
      cred.name = "reader";
      cred.grants.policies = {grant(model::kItemReadId, {model::Resource::one_bucket({acct, model::Jurisdiction::kDefault, bucket(0)})})};
    } else {
      continue;  // users of other accounts: their buckets live in their own namespace
    }
    c.credentials.push_back(cred);
  }
  if (!c.admin) throw TargetError(TargetError::Kind::kRejected, "the swift line has no alice:alice user");
  for (int i = 0; i < 3; ++i) c.buckets.push_back({bucket(i), true});
  c.list_buckets_without_admin = false;
  c.presign = false;  // aliases (tempauth keys are not 32 hex)
  c.sigv2 = true;
  return c;
}

}  // namespace

SwiftTarget::SwiftTarget(const std::string& line_path, std::string journal, uint64_t seed, std::chrono::milliseconds timeout)
    : StaticTarget(swift_config(read_line(line_path), seed), std::move(journal), seed, timeout, {}, "swift",
                   json{{"target_json", line_path}}.dump()) {
  const json j = read_line(line_path);
  auth_url_ = j.value("auth_url", config_.endpoint + "/auth/v1.0");
  owner_user_ = config_.admin->access_key;
  owner_key_ = config_.admin->secret_key;
}

std::map<std::string, TokenCredentials> SwiftTarget::create_world(const scenario::World& world) {
  auto creds = StaticTarget::create_world(world);
  // Container ACLs for the reader's grants, through the Swift API as the owner.
  std::string reader_user;
  for (const auto& c : config_.credentials)
    if (c.name == "reader") reader_user = c.access_key;
  if (reader_user.empty()) return creds;
  auto ep = http::parse_url(config_.endpoint);
  if (!ep) return creds;
  http::Client client(http::ClientOptions{});
  auto auth_path = auth_url_.substr(auth_url_.find('/', auth_url_.find("//") + 2));
  auto auth = client.send(*ep, {"GET", auth_path, {{"X-Auth-User", owner_user_}, {"X-Auth-Key", owner_key_}}, ""});
  if (!auth || auth->status / 100 != 2)
    throw TargetError(TargetError::Kind::kRejected, "Swift tempauth refused the owner's credentials");
  const std::string token = auth->header("X-Auth-Token");
  const std::string storage = auth->header("X-Storage-Url");
  const auto storage_path = storage.substr(storage.find('/', storage.find("//") + 2));
  for (const auto& b : world.buckets) {
    bool read = false, write = false;
    for (const auto& t : world.tokens) {
      if (!t.token.name || *t.token.name != "reader") continue;
      for (const auto& p : t.token.policies)
        for (const auto& r : p.resources)
          if (r.kind != model::ResourceKind::kBucket || r.bucket.name == b.where.name)
            for (const auto& g : p.permission_groups) {
              read |= g == model::kItemReadId || g == model::kItemWriteId;
              write |= g == model::kItemWriteId;
            }
    }
    if (!read && !write) continue;
    http::Headers h{{"X-Auth-Token", token}};
    if (read) h.emplace_back("X-Container-Read", reader_user + ",.rlistings");
    if (write) h.emplace_back("X-Container-Write", reader_user);
    auto r = client.send(*ep, {"POST", storage_path + "/" + b.where.name, h, ""});
    if (!r || r->status / 100 != 2)
      throw TargetError(TargetError::Kind::kRejected, fmt::format("setting the ACL of container {} failed", b.where.name));
  }
  return creds;
}

std::vector<NotApplicable> SwiftTarget::not_applicable() const {
  auto out = StaticTarget::not_applicable();
  out.push_back({"SC-SIG-6", "presigned URLs are not generated: tempauth keys need an alias that presigning would sign"});
  out.push_back({"SC-SIG-7", "presigned URLs are not generated: tempauth keys need an alias that presigning would sign"});
  out.push_back({"SC-GR-4", "Swift lists the caller's own account's containers"});
  return out;
}

std::unique_ptr<CertifiableTarget> make_swift_target(const std::string& path, const std::string& journal, uint64_t seed,
                                                     std::chrono::milliseconds timeout) {
  return std::make_unique<SwiftTarget>(path, journal, seed, timeout);
}

}  // namespace scopecheck::targets
