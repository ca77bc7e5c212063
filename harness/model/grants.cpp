#include "harness/model/grants.h"

#include <algorithm>
#include <array>

namespace scopecheck::model {
namespace {

using C = Capability;

// SCOPING §5: what each R2 group grants on the account it covers and on each bucket it covers.
struct GrantRow {
  GroupKind kind;
  std::vector<Capability> on_account;
  std::vector<Capability> on_bucket;
};

const std::array<GrantRow, 4>& grant_table() {
  static const std::array<GrantRow, 4> table = {{
      {GroupKind::kStorageWrite, {C::kAccountList, C::kAccountAdmin, C::kAccountConfigRead},
       {C::kBucketRead, C::kBucketWrite}},
      {GroupKind::kStorageRead, {C::kAccountList, C::kAccountConfigRead}, {C::kBucketRead}},
      {GroupKind::kItemWrite, {}, {C::kBucketRead, C::kBucketWrite}},
      {GroupKind::kItemRead, {}, {C::kBucketRead}},
  }};
  return table;
}

const GrantRow* grant_row(GroupKind kind) {
  for (const GrantRow& r : grant_table()) {
    if (r.kind == kind) return &r;
  }
  return nullptr;
}

bool is_bucket_group(GroupKind k) { return k == GroupKind::kItemWrite || k == GroupKind::kItemRead; }

std::string differing_part(const BucketRef& resource, const BucketRef& target) {
  std::vector<std::string> parts;
  if (resource.account != target.account) parts.push_back("account");
  if (resource.jurisdiction != target.jurisdiction) parts.push_back("jurisdiction");
  if (resource.name != target.name) parts.push_back("name");
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : ", ") + p;
  return out;
}

}  // namespace

std::string describe(const AuthTarget& t) {
  if (t.is_account) return "account " + t.account;
  return "bucket " + to_string(t.bucket);
}

GroupGrant group_grant(const PermissionGroup& group, const Resource& resource, const AuthTarget& target,
                       const DecideOptions& options) {
  const GrantRow* row = grant_row(group.kind);
  if (!row) return {{}, "SC-RES-3", "group grants nothing in R2"};

  Resource effective = resource;
  if (scope_of(resource) != group.scope) {
    bool bare_account = resource.kind == ResourceKind::kAccount || resource.kind == ResourceKind::kAllAccounts;
    if (is_bucket_group(group.kind) && bare_account && options.bucket_group_on_bare_account_grants) {
      // [profile] SC-RES-3: the bare-account form read as "every bucket of that account".
      effective.kind = resource.kind == ResourceKind::kAccount ? ResourceKind::kAccountBuckets : ResourceKind::kAllAccounts;
    } else {
      return {{}, "SC-RES-3",
              "a " + std::string(group.scope) + " group on a " + std::string(scope_of(resource)) +
                  " resource grants nothing"};
    }
  }

  if (!is_bucket_group(group.kind)) {
    // Account group on kAccount / kAllAccounts (SC-RES-4).
    bool covers = effective.kind == ResourceKind::kAllAccounts || effective.bucket.account == target.account;
    if (!covers) return {{}, "SC-RES-4", "resource is account " + effective.bucket.account + ", not " + target.account};
    if (target.is_account) return {row->on_account, "SC-RES-4", "account group on the account"};
    return {row->on_bucket, "SC-RES-4", "account group covers every bucket of the account, every jurisdiction"};
  }

  // Bucket group (SC-GR-2: never anything on the account).
  if (target.is_account) return {{}, "SC-GR-2", "bucket groups never grant account capabilities"};
  if (effective.kind == ResourceKind::kBucket) {
    if (effective.bucket != target.bucket) {
      return {{}, "SC-RES-2",
              "resource is bucket " + to_string(effective.bucket) + " (" + differing_part(effective.bucket, target.bucket) +
                  " differs)"};
    }
    return {row->on_bucket, "SC-RES-2", "exact bucket match"};
  }
  // kAccountBuckets, or kAllAccounts under the bare-account profile flag.
  bool covers = effective.kind == ResourceKind::kAllAccounts || effective.bucket.account == target.account;
  if (!covers) return {{}, "SC-RES-2", "all buckets of account " + effective.bucket.account + ", not " + target.account};
  return {row->on_bucket, "SC-RES-4", "all buckets of the account, every jurisdiction"};
}

Authorization authorize(const Token& token, Capability capability, const AuthTarget& target,
                        const DecideOptions& options) {
  Authorization out;
  bool allow_hit = false;
  std::vector<std::string> miss_rules, hit_rules;
  for (std::size_t i = 0; i < token.policies.size(); ++i) {
    const Policy& p = token.policies[i];
    for (const Resource& r : p.resources) {
      for (const std::string& gid : p.permission_groups) {
        const PermissionGroup* g = find_group(gid);
        GrantStep step{i, p.effect, describe(r), g ? std::string(g->name) : gid, false, "SC-RES-3", "unknown group"};
        if (g) {
          GroupGrant gg = group_grant(*g, r, target, options);
          step.matched = std::find(gg.capabilities.begin(), gg.capabilities.end(), capability) != gg.capabilities.end();
          step.rule = gg.rule;
          step.why = gg.why;
          if (!step.matched && !gg.capabilities.empty()) {
            // The group covers the target but not with this capability: what the operation needs
            // decided it (SC-OP-2), as for a read-only token's DeleteObject.
            step.rule = "SC-OP-2";
            step.why = "grants ";
            for (std::size_t k = 0; k < gg.capabilities.size(); ++k) {
              step.why += (k ? ", " : "") + std::string(to_string(gg.capabilities[k]));
            }
            step.why += ", not " + std::string(to_string(capability));
          } else if (!step.matched && is_account_capability(capability) && is_bucket_group(g->kind)) {
            step.rule = "SC-GR-2";
            step.why = "bucket groups never grant " + std::string(to_string(capability));
          }
        }
        if (step.matched && p.effect == Effect::kDeny) out.explicit_deny = true;
        if (step.matched && p.effect == Effect::kAllow) allow_hit = true;
        if (step.matched) hit_rules.push_back(step.rule);
        else if (p.effect == Effect::kAllow) miss_rules.push_back(step.rule);  // a deny's miss decides nothing
        out.steps.push_back(std::move(step));
      }
    }
  }
  out.allowed = allow_hit && !out.explicit_deny;
  auto add_unique = [&](const std::string& r) {
    if (std::find(out.rules.begin(), out.rules.end(), r) == out.rules.end()) out.rules.push_back(r);
  };
  if (out.allowed) {
    for (const auto& r : hit_rules) add_unique(r);
    if (capability == Capability::kBucketRead) {
      for (const auto& s : out.steps) {
        if (s.matched && s.effect == Effect::kAllow && s.group.find("Write") != std::string::npos) add_unique("SC-GR-1");
      }
    }
  } else if (out.explicit_deny) {
    add_unique("SC-GR-3");
  } else {
    // Implicit deny: the rule of the closest miss comes first — an allow that covers the target
    // but grants another capability (SC-OP-2, SC-GR-2), then one whose resource names another
    // bucket or account (SC-RES-2, SC-RES-4), then a group of the other scope (SC-RES-3) — so a
    // violation names the tier that decided, not the combination rule.
    auto closeness = [](const std::string& r) { return r == "SC-OP-2" || r == "SC-GR-2" ? 0 : r == "SC-RES-3" ? 2 : 1; };
    std::stable_sort(miss_rules.begin(), miss_rules.end(),
                     [&](const std::string& a, const std::string& b) { return closeness(a) < closeness(b); });
    for (const auto& r : miss_rules) add_unique(r);
    add_unique("SC-GR-3");
  }
  return out;
}

}  // namespace scopecheck::model
