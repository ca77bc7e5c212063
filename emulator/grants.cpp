#include "emulator/grants.h"

#include <algorithm>
#include <cctype>

namespace scopecheck::emulator {

const std::vector<PermissionGroup>& permission_catalogue() {
  static const std::vector<PermissionGroup> kCatalogue = [] {
    std::vector<PermissionGroup> v = {
        {kGroupApiTokensRead, "API Tokens Read", "com.cloudflare.api.user", GroupScope::user, 0, 0},
        {kGroupItemWrite, "Workers R2 Storage Bucket Item Write", "com.cloudflare.edge.r2.bucket",
         GroupScope::bucket, 0, kBucketRead | kBucketWrite},
        {kGroupItemRead, "Workers R2 Storage Bucket Item Read", "com.cloudflare.edge.r2.bucket",
         GroupScope::bucket, 0, kBucketRead},
        {kGroupApiTokensWrite, "API Tokens Write", "com.cloudflare.api.user", GroupScope::user, 0, 0},
        {"82e64a83756745bbbb1c9c2701bf816b", "DNS Read", "com.cloudflare.api.account.zone", GroupScope::zone, 0,
         0},
        {kGroupStorageRead, "Workers R2 Storage Read", "com.cloudflare.api.account", GroupScope::account,
         kAccountList | kAccountConfigRead, kBucketRead},
        {kGroupStorageWrite, "Workers R2 Storage Write", "com.cloudflare.api.account", GroupScope::account,
         kAccountList | kAccountAdmin | kAccountConfigRead, kBucketRead | kBucketWrite},
        {"c1fde68c7bcc44588cbb6ddbc16d6480", "Account Settings Read", "com.cloudflare.api.account",
         GroupScope::account, 0, 0},
    };
    std::sort(v.begin(), v.end(), [](const auto& a, const auto& b) { return a.id < b.id; });
    return v;
  }();
  return kCatalogue;
}

const PermissionGroup* find_group(std::string_view id) {
  for (const auto& g : permission_catalogue())
    if (g.id == id) return &g;
  return nullptr;
}

bool is_account_id(std::string_view s) {
  return s.size() == 32 &&
         std::all_of(s.begin(), s.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

bool is_jurisdiction(std::string_view s) { return s == "default" || s == "eu" || s == "fedramp"; }

bool is_bucket_name(std::string_view s) {
  if (s.size() < 3 || s.size() > 63) return false;
  auto alnum = [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); };
  if (!alnum(s.front()) || !alnum(s.back())) return false;
  return std::all_of(s.begin(), s.end(), [&](char c) { return alnum(c) || c == '-'; });
}

namespace {
constexpr std::string_view kBucketPrefix = "com.cloudflare.edge.r2.bucket.";
constexpr std::string_view kAccountPrefix = "com.cloudflare.api.account.";
constexpr std::string_view kZonePrefix = "com.cloudflare.api.account.zone.";
constexpr std::string_view kUserPrefix = "com.cloudflare.api.user.";

bool starts_with(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

// "<ACCT>_<JUR>_<BUCKET>" exactly (SC-RES-1).
std::optional<Resource> parse_bucket_triple(std::string_view rest) {
  if (rest.size() < 34 || rest[32] != '_') return std::nullopt;
  std::string_view acct = rest.substr(0, 32);
  std::string_view tail = rest.substr(33);
  auto us = tail.find('_');
  if (us == std::string_view::npos) return std::nullopt;
  std::string_view jur = tail.substr(0, us), bucket = tail.substr(us + 1);
  if (!is_account_id(acct) || !is_jurisdiction(jur) || !is_bucket_name(bucket)) return std::nullopt;
  return Resource{ResourceKind::bucket, std::string(acct), std::string(jur), std::string(bucket)};
}

bool is_zone_key(std::string_view k) {
  if (!starts_with(k, kZonePrefix)) return false;
  auto rest = k.substr(kZonePrefix.size());
  return rest == "*" || is_account_id(rest);
}
}  // namespace

ResourceParse parse_resource_entry(std::string_view key, bool value_is_star,
                                   const std::vector<std::string>& nested_keys) {
  ResourceParse out;
  std::string k(key);
  if (starts_with(key, kBucketPrefix)) {
    auto rest = key.substr(kBucketPrefix.size());
    if (rest == "*") {
      out.error = "'" + k + "' needs an account: nest it under com.cloudflare.api.account.<id>";
      return out;
    }
    auto r = parse_bucket_triple(rest);
    if (!r) {
      out.error = "malformed bucket resource '" + k + "' (expected <account>_<jurisdiction>_<bucket>)";
      return out;
    }
    if (!value_is_star) {
      out.error = "the value of '" + k + "' must be \"*\"";
      return out;
    }
    out.resources.push_back(*r);
    return out;
  }
  if (is_zone_key(key) || (starts_with(key, kUserPrefix) && is_account_id(key.substr(kUserPrefix.size())))) {
    if (!value_is_star) {
      out.error = "the value of '" + k + "' must be \"*\"";
      return out;
    }
    out.resources.push_back({is_zone_key(key) ? ResourceKind::zone : ResourceKind::user, "", "", ""});
    return out;
  }
  if (starts_with(key, kAccountPrefix)) {
    auto acct = key.substr(kAccountPrefix.size());
    bool any = acct == "*";
    if (!any && !is_account_id(acct)) {
      out.error = "malformed account resource '" + k + "'";
      return out;
    }
    if (value_is_star) {
      out.resources.push_back({any ? ResourceKind::any_account : ResourceKind::account, std::string(acct), "", ""});
      return out;
    }
    if (nested_keys.empty()) {
      out.error = "the value of '" + k + "' must be \"*\" or a non-empty object";
      return out;
    }
    for (const auto& nk : nested_keys) {
      if (nk == std::string(kBucketPrefix) + "*") {
        out.resources.push_back({ResourceKind::account_buckets, std::string(acct), "", ""});
      } else if (starts_with(nk, kBucketPrefix)) {
        auto r = parse_bucket_triple(std::string_view(nk).substr(kBucketPrefix.size()));
        if (!r || (!any && r->account != acct)) {
          out.error = "malformed nested bucket resource '" + nk + "' under '" + k + "'";
          return out;
        }
        out.resources.push_back(*r);
      } else if (is_zone_key(nk)) {
        out.resources.push_back({ResourceKind::zone, "", "", ""});
      } else {
        out.error = "unknown nested resource '" + nk + "' under '" + k + "'";
        return out;
      }
    }
    return out;
  }
  out.error = "unknown resource '" + k + "'";
  return out;
}

namespace {
std::string bucket_key(std::string_view a, std::string_view j, std::string_view b) {
  std::string k;
  k.reserve(a.size() + j.size() + b.size() + 2);
  k.append(a).push_back('_');
  k.append(j).push_back('_');
  k.append(b);
  return k;
}

void add_bucket(GrantTable& t, const Resource& r, Caps caps) {
  auto& e = t.buckets[bucket_key(r.account, r.jurisdiction, r.bucket)];
  e.account = r.account;
  e.jurisdiction = r.jurisdiction;
  e.bucket = r.bucket;
  e.caps |= caps;
}

void add_account_buckets(GrantTable& t, const std::string& acct, Caps caps) {
  if (acct == "*") t.any_account_buckets |= caps;
  else t.account_buckets[acct] |= caps;
}

void compile_one(GrantTable& t, const Resource& r, const PermissionGroup& g, const BugSet& bugs) {
  bool bucket_group = g.scope == GroupScope::bucket;
  bool account_group = g.scope == GroupScope::account;
  // BUG scope-type-ignored: a group on a resource of the other scope grants its bucket caps anyway.
  bool cross_scope = bugs.has(Bug::scope_type_ignored);
  switch (r.kind) {
    case ResourceKind::bucket:
      if (bucket_group || (account_group && cross_scope)) add_bucket(t, r, g.bucket_caps);
      if (bucket_group && g.bucket_caps) t.object_groups_in_account[r.account] = true;
      break;
    case ResourceKind::account_buckets:
      if (bucket_group || (account_group && cross_scope)) add_account_buckets(t, r.account, g.bucket_caps);
      if (bucket_group && g.bucket_caps) t.object_groups_in_account[r.account] = true;
      break;
    case ResourceKind::account:
      if (account_group) {
        t.accounts[r.account] |= g.account_caps;
        t.account_buckets[r.account] |= g.bucket_caps;
      } else if (bucket_group && cross_scope) {
        t.account_buckets[r.account] |= g.bucket_caps;
      }
      break;
    case ResourceKind::any_account:
      if (account_group) {
        t.any_account |= g.account_caps;
        t.any_account_buckets |= g.bucket_caps;
      } else if (bucket_group && cross_scope) {
        t.any_account_buckets |= g.bucket_caps;
      }
      break;
    case ResourceKind::user:
    case ResourceKind::zone:
      break;  // grants nothing in R2
  }
}

void merge(GrantTable& into, const GrantTable& from) {
  for (const auto& [k, e] : from.buckets) {
    auto& d = into.buckets[k];
    d.account = e.account;
    d.jurisdiction = e.jurisdiction;
    d.bucket = e.bucket;
    d.caps |= e.caps;
  }
  for (const auto& [k, c] : from.account_buckets) into.account_buckets[k] |= c;
  for (const auto& [k, c] : from.accounts) into.accounts[k] |= c;
  for (const auto& [k, c] : from.object_groups_in_account) into.object_groups_in_account[k] |= c;
  into.any_account_buckets |= from.any_account_buckets;
  into.any_account |= from.any_account;
}

Caps lookup(const std::unordered_map<std::string, Caps>& m, const std::string& k) {
  auto it = m.find(k);
  return it == m.end() ? 0 : it->second;
}

bool iequal(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

Caps bucket_caps(const GrantTable& t, const AccessTarget& a, const BugSet& bugs) {
  Caps c = lookup(t.account_buckets, a.account) | t.any_account_buckets;
  bool relaxed = bugs.has(Bug::bucket_prefix_match) || bugs.has(Bug::jurisdiction_ignored) ||
                 bugs.has(Bug::account_ignored) || bugs.has(Bug::bucket_case_fold);
  if (!relaxed) {
    auto it = t.buckets.find(bucket_key(a.account, a.jurisdiction, a.bucket));
    if (it != t.buckets.end()) c |= it->second.caps;
    return c;
  }
  for (const auto& [k, e] : t.buckets) {
    // BUG account-ignored: the account part of a bucket resource is not compared.
    bool acct_ok = bugs.has(Bug::account_ignored) || e.account == a.account;
    // BUG jurisdiction-ignored: the jurisdiction part is not compared.
    bool jur_ok = bugs.has(Bug::jurisdiction_ignored) || e.jurisdiction == a.jurisdiction;
    bool name_ok = e.bucket == a.bucket;
    // BUG bucket-prefix-match: "logs" covers "logs-archive".
    if (bugs.has(Bug::bucket_prefix_match) && a.bucket.size() >= e.bucket.size() &&
        a.bucket.compare(0, e.bucket.size(), e.bucket) == 0)
      name_ok = true;
    // BUG bucket-case-fold: names compared case-insensitively.
    if (bugs.has(Bug::bucket_case_fold) && iequal(e.bucket, a.bucket)) name_ok = true;
    if (acct_ok && jur_ok && name_ok) c |= e.caps;
  }
  return c;
}

bool grants(const GrantTable& t, const AccessTarget& a, const BugSet& bugs) {
  if (a.cap == kBucketRead || a.cap == kBucketWrite) return (bucket_caps(t, a, bugs) & a.cap) != 0;
  Caps c = lookup(t.accounts, a.account) | t.any_account;
  if (c & a.cap) return true;
  // BUG object-token-lists-buckets: ListBuckets answers a token holding only bucket groups.
  if (bugs.has(Bug::object_token_lists_buckets) && a.cap == kAccountList) {
    auto it = t.object_groups_in_account.find(a.account);
    if (it != t.object_groups_in_account.end() && it->second) return true;
  }
  // BUG object-write-admin: Bucket Item Write allows bucket administration (CORS, DeleteBucket).
  if (bugs.has(Bug::object_write_admin) && a.cap == kAccountAdmin && !a.bucket.empty() &&
      (bucket_caps(t, a, bugs) & kBucketWrite))
    return true;
  return false;
}
}  // namespace

CompiledGrants compile_grants(const std::vector<PolicyInput>& policies, const BugSet& bugs) {
  CompiledGrants out;
  for (const auto& p : policies) {
    GrantTable t;
    for (const auto& r : p.resources)
      for (const auto& gid : p.group_ids)
        if (const auto* g = find_group(gid)) compile_one(t, r, *g, bugs);
    merge(p.deny ? out.deny : out.allow, t);
    out.ordered.emplace_back(p.deny, std::move(t));
  }
  return out;
}

bool is_allowed(const CompiledGrants& g, const AccessTarget& t, const BugSet& bugs) {
  // BUG deny-first-match: policies in order, the first that covers the request decides.
  if (bugs.has(Bug::deny_first_match)) {
    for (const auto& [deny, table] : g.ordered)
      if (grants(table, t, bugs)) return !deny;
    return false;
  }
  // BUG deny-ignored: deny policies are not evaluated.
  if (!bugs.has(Bug::deny_ignored) && grants(g.deny, t, bugs)) return false;
  return grants(g.allow, t, bugs);
}

}  // namespace scopecheck::emulator
