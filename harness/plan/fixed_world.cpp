#include "harness/plan/fixed_world.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

#include "harness/model/operation.h"
#include "harness/model/permission_groups.h"

namespace scopecheck::plan {

namespace {

using scenario::S3Step;

std::string bucket_key(const model::BucketRef& b) { return model::to_string(b); }

}  // namespace

std::optional<scenario::Scenario> adapt_to_fixed(const scenario::Scenario& s, const FixedWorld& fw) {
  scenario::Scenario out;
  out.start_time = s.start_time;
  out.world.accounts = {fw.account};

  // Buckets: the world's, in order, onto the fixed names. (account, jurisdiction, name) → new name.
  std::map<std::string, std::string> mapped;
  std::set<std::string> dropped;
  size_t next = 0;
  for (const auto& b : s.world.buckets) {
    const auto k = bucket_key(b.where);
    if (mapped.count(k) || dropped.count(k)) continue;
    if (next >= fw.buckets.size()) {
      dropped.insert(k);
      continue;
    }
    mapped[k] = fw.buckets[next++];
    scenario::WorldBucket wb;
    wb.where = {fw.account, model::Jurisdiction::kDefault, mapped[k]};
    wb.objects = b.objects;
    out.world.buckets.push_back(std::move(wb));
  }
  const std::set<std::string> fixed_names(fw.buckets.begin(), fw.buckets.end());
  // A bucket named by a step: the mapped name, a scratch name for names the world does not have,
  // or nothing when the step names a dropped bucket.
  auto map_bucket = [&](const std::string& account, model::Jurisdiction j, const std::string& name) -> std::optional<std::string> {
    if (name.empty()) return std::string();
    const auto k = bucket_key({account, j, name});
    if (auto it = mapped.find(k); it != mapped.end()) return it->second;
    if (dropped.count(k)) return std::nullopt;
    if (fixed_names.count(name)) return name;  // already adapted (a second adapt of a case)
    if (name.rfind(fw.scratch_prefix, 0) == 0) return name;
    std::string n = fw.scratch_prefix + name;
    if (j != model::Jurisdiction::kDefault) n += "-" + std::string(model::to_string(j));
    if (n.size() > 63) n.resize(63);
    while (!n.empty() && n.back() == '-') n.pop_back();
    return n;
  };

  // Tokens: token i becomes credential i.
  std::map<std::string, bool> kept_tokens;
  std::set<std::string> presign_tokens;  // refs whose credential can sign presigned URLs
  std::set<std::string> admin_tokens;  // refs whose credential holds an admin group
  for (size_t i = 0; i < s.world.tokens.size(); ++i) {
    const auto& wt = s.world.tokens[i];
    // A case adapted before names its credential: keep that pairing.
    const FixedWorld::Credential* cred = nullptr;
    for (const auto& c : fw.credentials)
      if (wt.token.name && *wt.token.name == c.name) cred = &c;
    auto unused = [&](const FixedWorld::Credential& c) {
      for (const auto& other : out.world.tokens)
        if (other.token.name == c.name) return false;
      return true;
    };
    const auto active = model::TokenStatus::kActive;
    // An inactive token becomes an inactive credential (a suspended user), a token with an IP
    // condition a credential with one, when the target has such.
    auto special = [&](const FixedWorld::Credential& c) { return c.grants.status != active || c.grants.condition.has_value(); };
    if (!cred && wt.token.status != active)
      for (const auto& c : fw.credentials)
        if (!cred && c.grants.status != active && unused(c)) cred = &c;
    if (!cred && wt.token.status == active && wt.token.condition)
      for (const auto& c : fw.credentials)
        if (!cred && c.grants.status == active && c.grants.condition && unused(c)) cred = &c;
    // Otherwise token i becomes credential i, skipping those special credentials.
    if (!cred && i < fw.credentials.size()) {
      cred = &fw.credentials[i];
      if (!unused(*cred) || special(*cred)) cred = nullptr;
    }
    if (!cred) {
      kept_tokens[wt.ref] = false;
      continue;
    }
    scenario::WorldToken t;
    t.ref = wt.ref;
    if (fw.keep_generated_grants) {
      t.token.policies = wt.token.policies;
      for (auto& p : t.token.policies) {
        for (auto& r : p.resources) {
          if (r.kind == model::ResourceKind::kBucket) {
            auto n = map_bucket(r.bucket.account, r.bucket.jurisdiction, r.bucket.name);
            r.bucket = {fw.account, model::Jurisdiction::kDefault, n ? *n : fw.scratch_prefix + "gone"};
          } else if (r.kind == model::ResourceKind::kAccount || r.kind == model::ResourceKind::kAccountBuckets) {
            r.bucket.account = fw.account;
          }
        }
        model::sort_resources(p.resources);
      }
    } else {
      t.token.policies = cred->grants.policies;
    }
    t.token.name = cred->name;
    t.token.status = cred->grants.status;
    t.token.condition = cred->grants.condition;
    for (const auto& p : cred->grants.policies)
      for (const auto& g : p.permission_groups)
        if (p.effect == model::Effect::kAllow && (g == model::kStorageWriteId || g == model::kStorageReadId)) admin_tokens.insert(wt.ref);
    if (cred->presign) presign_tokens.insert(wt.ref);
    out.world.tokens.push_back(std::move(t));
    kept_tokens[wt.ref] = true;
  }

  // Steps: S3 steps only, rewritten; upload references follow the kept steps.
  std::map<int, int> new_index;
  int s3_steps = 0;
  for (size_t i = 0; i < s.steps.size(); ++i) {
    const auto* st = std::get_if<S3Step>(&s.steps[i]);
    if (!st) continue;
    S3Step n = *st;
    if (n.auth != scenario::AuthMode::kAnonymous && !kept_tokens[n.token]) continue;
    if (n.auth == scenario::AuthMode::kPresigned && (!fw.presign || !presign_tokens.count(n.token))) continue;
    if (n.auth == scenario::AuthMode::kSigV2 && !fw.sigv2) continue;
    if (n.defect == scenario::Defect::kOldSecret) continue;  // no rolls without a token API
    if (n.op == model::Operation::kListBuckets && !fw.list_buckets_without_admin && n.auth != scenario::AuthMode::kAnonymous &&
        !admin_tokens.count(n.token))
      continue;
    auto b = map_bucket(n.endpoint_account, n.endpoint_jurisdiction, n.bucket);
    if (!b) continue;
    n.bucket = *b;
    if (!n.copy_source_bucket.empty()) {
      auto c = map_bucket(n.endpoint_account, n.endpoint_jurisdiction, n.copy_source_bucket);
      if (!c) continue;
      n.copy_source_bucket = *c;
    }
    // A copy onto itself without a metadata change is illegal in S3 whatever the grants.
    if (!n.copy_source_bucket.empty() && n.copy_source_bucket == n.bucket && n.copy_source_key == n.key) continue;
    n.endpoint_account = fw.account;
    n.endpoint_jurisdiction = model::Jurisdiction::kDefault;
    if (!fw.virtual_host) n.addressing = scenario::Addressing::kPath;
    if (std::find(fw.source_ips.begin(), fw.source_ips.end(), n.source_ip) == fw.source_ips.end())
      n.source_ip = fw.source_ips.empty() ? "127.0.0.1" : fw.source_ips.front();
    const bool continues_upload = n.op == model::Operation::kUploadPart || n.op == model::Operation::kUploadPartCopy ||
                                  n.op == model::Operation::kListParts || n.op == model::Operation::kCompleteMultipartUpload ||
                                  n.op == model::Operation::kAbortMultipartUpload;
    if (continues_upload && !fw.made_up_upload_ids && (n.upload < 0 || !new_index.count(n.upload))) continue;
    if (n.op == model::Operation::kCompleteMultipartUpload && !fw.made_up_upload_ids) continue;
    if (n.upload >= 0) {
      auto it = new_index.find(n.upload);
      n.upload = it == new_index.end() ? -1 : it->second;
    }
    new_index[static_cast<int>(i)] = static_cast<int>(out.steps.size());
    out.steps.push_back(std::move(n));
    ++s3_steps;
  }
  if (s3_steps == 0) return std::nullopt;
  return out;
}

}  // namespace scopecheck::plan
