#include "harness/targets/rgw_target.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "harness/model/permission_groups.h"
#include "harness/sigv4/crypto.h"
#include "harness/targets/s3_admin.h"

namespace scopecheck::targets {

namespace {

using nlohmann::json;

json read_line(const std::string& path) {
  std::ifstream in(path);
  std::string line;
  if (!in || !std::getline(in, line))
    throw TargetError(TargetError::Kind::kRejected, fmt::format("{}: cannot read the target's JSON line", path));
  json j = json::parse(line, nullptr, false);
  if (!j.is_object()) throw TargetError(TargetError::Kind::kRejected, fmt::format("{}: not a JSON object", path));
  for (const char* k : {"endpoint", "admin_access_key", "admin_secret_key"})
    if (!j.contains(k) || !j[k].is_string()) throw TargetError(TargetError::Kind::kRejected, fmt::format("{}: no \"{}\"", path, k));
  return j;
}

// Names of this run's users and buckets: unique per seed and process.
std::string run_tag(uint64_t seed) { return sigv4::sha256_hex(fmt::format("{}:{}", seed, ::getpid())).substr(0, 8); }

model::Policy grant(std::string_view group, std::vector<model::Resource> resources, model::Effect effect = model::Effect::kAllow) {
  model::Policy p;
  p.effect = effect;
  p.permission_groups = {std::string(group)};
  p.resources = std::move(resources);
  model::sort_resources(p.resources);
  return p;
}

StaticConfig rgw_config(const json& j, const std::string& tag) {
  StaticConfig c;
  c.name = "Ceph RGW";
  c.endpoint = j["endpoint"];
  c.region = j.value("region", "us-east-1");
  const std::string acct(kFixedAccount);
  auto bucket = [&](int i) { return fmt::format("sc{}-b{}", tag, i); };
  auto one = [&](int i) { return model::Resource::one_bucket({acct, model::Jurisdiction::kDefault, bucket(i)}); };
  StaticCredential owner{"owner", j["admin_access_key"], j["admin_secret_key"], {}};
  owner.grants.policies = {grant(model::kStorageWriteId, {model::Resource::account(acct)})};
  c.admin = owner;
  auto key = [&](std::string_view who) { return sigv4::sha256_hex(tag + ":key:" + std::string(who)).substr(0, 32); };
  auto secret = [&](std::string_view who) { return sigv4::sha256_hex(tag + ":secret:" + std::string(who)).substr(0, 40); };
  StaticCredential reader{"reader", key("reader"), secret("reader"), {}};
  reader.grants.policies = {grant(model::kItemReadId, {one(0)})};
  StaticCredential writer{"writer", key("writer"), secret("writer"), {}};
  writer.grants.policies = {grant(model::kItemWriteId, {one(0), one(1)}), grant(model::kItemWriteId, {one(1)}, model::Effect::kDeny)};
  // SC-TK-3: a suspended RGW user stands for a disabled token. Its bucket policy would let it
  // read b0, so the suspension alone refuses it.
  StaticCredential suspended{"suspended", key("suspended"), secret("suspended"), {}};
  suspended.grants.policies = {grant(model::kItemReadId, {one(0)})};
  suspended.grants.status = model::TokenStatus::kDisabled;
  // SC-TK-4: a user whose bucket-policy grants carry an aws:SourceIp condition stands for a
  // token with an IP condition (requests come from 127.0.0.1 or 127.0.0.2).
  StaticCredential limited{"ip-limited", key("ip-limited"), secret("ip-limited"), {}};
  limited.grants.policies = {grant(model::kItemReadId, {one(0)})};
  limited.grants.condition = model::IpCondition{std::vector<model::Cidr>{{*model::parse_ip("127.0.0.2"), 32}}, std::nullopt};
  // Token order: the matrix's one token and most generated worlds' first token get the
  // writer, so object writes are exercised; the owner and the reader follow. Inactive tokens
  // map onto the suspended user (adapt_to_fixed).
  c.credentials = {writer, owner, reader, suspended, limited};
  c.loopback_sources = true;
  for (int i = 0; i < 3; ++i) c.buckets.push_back({bucket(i), true});
  c.presign = true;
  c.sigv2 = true;
  c.virtual_host = false;
  c.list_buckets_without_admin = false;
  return c;
}

int run_admin(const std::string& conf, const std::string& args) {
  const std::string cmd = fmt::format("timeout 60 radosgw-admin --conf '{}' {} >/dev/null 2>&1", conf, args);
  return std::system(cmd.c_str());
}

std::vector<std::string> actions(const std::string& group) {
  std::vector<std::string> read{"s3:GetObject", "s3:ListBucket", "s3:ListBucketMultipartUploads", "s3:ListMultipartUploadParts",
                                "s3:GetBucketLocation"};
  if (group == model::kItemReadId) return read;
  if (group == model::kItemWriteId) {
    read.insert(read.end(), {"s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload"});
    return read;
  }
  return {};
}

// The journal also records where radosgw-admin finds the cluster, and the line that holds the
// admin's secret (not the secret), for `scopecheck cleanup`.
std::string journal_extra(const std::string& line_path) {
  const json j = read_line(line_path);
  return json{{"ceph_conf", j.value("ceph_conf", "")}, {"target_json", line_path}}.dump();
}

}  // namespace

std::string rgw_policy_statement(const std::string& uid, const std::string& group_id, const std::string& bucket, bool deny,
                                 const std::optional<model::IpCondition>& condition) {
  json st{{"Effect", deny ? "Deny" : "Allow"},
          {"Principal", {{"AWS", json::array({"arn:aws:iam:::user/" + uid})}}},
          {"Action", actions(group_id)},
          {"Resource", json::array({"arn:aws:s3:::" + bucket, "arn:aws:s3:::" + bucket + "/*"})}};
  // The token's IP condition gates its grants: an Allow holds only from an admitted address
  // (a Deny needs no gate: outside the condition nothing is allowed anyway).
  if (condition && !deny) {
    auto cidrs = [](const std::vector<model::Cidr>& v) {
      json a = json::array();
      for (const auto& c : v) a.push_back(model::format_cidr(c));
      return a;
    };
    json cond = json::object();
    if (condition->in) cond["IpAddress"] = {{"aws:SourceIp", cidrs(*condition->in)}};
    if (condition->not_in) cond["NotIpAddress"] = {{"aws:SourceIp", cidrs(*condition->not_in)}};
    st["Condition"] = cond;
  }
  return st.dump();
}

RgwTarget::RgwTarget(const std::string& line_path, std::string journal_file, uint64_t seed, std::chrono::milliseconds timeout)
    : StaticTarget(rgw_config(read_line(line_path), run_tag(seed)), std::move(journal_file), seed, timeout, {}, "rgw",
                   journal_extra(line_path)) {
  ceph_conf_ = read_line(line_path).value("ceph_conf", "");
  if (ceph_conf_.empty()) throw TargetError(TargetError::Kind::kRejected, line_path + ": no \"ceph_conf\" (radosgw-admin needs it)");
  const std::string tag = run_tag(seed);
  for (const auto& c : config_.credentials) {
    if (config_.admin && c.access_key == config_.admin->access_key) continue;
    const std::string uid = fmt::format("scopecheck-{}-{}", tag, c.name);
    journal().user(uid);
    if (run_admin(ceph_conf_, fmt::format("user create --uid='{}' --display-name='{}' --access-key='{}' --secret-key='{}' --max-buckets=-1", uid,
                                          uid, c.access_key, c.secret_key)) != 0)
      throw TargetError(TargetError::Kind::kRejected, fmt::format("radosgw-admin user create {} failed", uid));
    users_.emplace_back(c.name, uid);
    if (c.grants.status != model::TokenStatus::kActive &&
        run_admin(ceph_conf_, fmt::format("user suspend --uid='{}'", uid)) != 0)
      throw TargetError(TargetError::Kind::kRejected, fmt::format("radosgw-admin user suspend {} failed", uid));
  }
}

RgwTarget::~RgwTarget() {
  end_scenario();
  bool ok = true;
  for (const auto& [name, uid] : users_) ok &= run_admin(ceph_conf_, fmt::format("user rm --uid='{}' --purge-data", uid)) == 0;
  if (ok) journal().clear();
}

std::map<std::string, TokenCredentials> RgwTarget::create_world(const scenario::World& world) {
  auto creds = StaticTarget::create_world(world);
  // Each world bucket's policy: a statement per (user, grant) that covers the bucket.
  for (const auto& b : world.buckets) {
    json statements = json::array();
    for (const auto& t : world.tokens) {
      std::string uid;
      for (const auto& [name, u] : users_)
        if (t.token.name && *t.token.name == name) uid = u;
      if (uid.empty()) continue;  // the owner needs no policy
      for (const auto& p : t.token.policies) {
        bool covers = false;
        for (const auto& r : p.resources)
          covers |= r.kind == model::ResourceKind::kAllAccounts || r.kind == model::ResourceKind::kAccount ||
                    r.kind == model::ResourceKind::kAccountBuckets || (r.kind == model::ResourceKind::kBucket && r.bucket.name == b.where.name);
        if (!covers) continue;
        for (const auto& g : p.permission_groups)
          if (!actions(g).empty())
            statements.push_back(
                json::parse(rgw_policy_statement(uid, g, b.where.name, p.effect == model::Effect::kDeny, t.token.condition)));
      }
    }
    if (statements.empty()) continue;
    const json policy{{"Version", "2012-10-17"}, {"Statement", statements}};
    admin_s3(*this, presented(*config_.admin),
             {"PUT", b.where.account, model::Jurisdiction::kDefault, b.where.name, "", "policy=", policy.dump(), config_.region});
  }
  return creds;
}

std::vector<NotApplicable> RgwTarget::not_applicable() const {
  auto out = StaticTarget::not_applicable();
  out.push_back({"SC-GR-4", "RGW lists the caller's own buckets; there is no account to list"});
  return out;
}

std::unique_ptr<CertifiableTarget> make_rgw_target(const std::string& path, const std::string& journal, uint64_t seed,
                                                   std::chrono::milliseconds timeout) {
  return std::make_unique<RgwTarget>(path, journal, seed, timeout);
}

}  // namespace scopecheck::targets
