#include "harness/scenario/generators.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <set>

#include "harness/model/cidr.h"
#include "harness/model/permission_groups.h"
#include "harness/model/resource_id.h"
#include "harness/model/timestamp.h"
#include "harness/targets/token_api.h"

namespace scopecheck::scenario {
namespace {

using model::Jurisdiction;
using model::Operation;

// Names chosen to be confused with each other: prefixes, suffixes, digits and dashes.
const std::vector<std::string> kBucketNames{"logs", "logs-archive", "log", "data", "data1", "a-b-c", "x9y"};

// Keys that trip encoders: Unicode, spaces, plus, tilde, a literal %2F, a long one.
const std::vector<std::string> kAwkwardKeys{
    "a.txt",           "dir/sub/b.bin", "caf\xc3\xa9/\xc3\xbc.txt", "with space.txt", "x+y=z",
    "~tilde",          "pct%2Fslash",   std::string(180, 'k') + ".log", "logs/inner.txt", "data/inner.txt",
};

// Groups present in the catalogues of every target that speaks the token API: the four R2
// groups and two that grant nothing in R2.
const std::vector<std::string_view> kGroups{
    model::kStorageWriteId, model::kStorageReadId, model::kItemWriteId, model::kItemReadId,
    model::kApiTokensReadId, "82e64a83756745bbbb1c9c2701bf816b" /* DNS Read */, model::kApiTokensWriteId};

std::string hex32(Choices& c) {
  std::string s;
  for (int i = 0; i < 32; ++i) s += "0123456789abcdef"[c.in_range(0, 16)];
  return s;
}

template <class T>
T one_of(Choices& c, std::initializer_list<T> options) {
  return *(options.begin() + c.uniform(options.size()));
}

model::Cidr cidr(std::string_view text) { return model::parse_cidr(text).value(); }

std::optional<model::IpCondition> pick_condition(Choices& c) {
  using model::IpCondition;
  switch (c.weighted({14, 2, 1, 2, 1, 1, 1, 1})) {
    case 1: return IpCondition{std::vector<model::Cidr>{cidr("127.0.0.1/32")}, {}};
    case 2: return IpCondition{std::vector<model::Cidr>{cidr("127.0.0.0/31")}, {}};
    case 3: return IpCondition{{}, std::vector<model::Cidr>{cidr("127.0.0.2/32")}};
    case 4: return IpCondition{std::vector<model::Cidr>{cidr("127.0.0.0/8")}, std::vector<model::Cidr>{cidr("127.0.0.3/32")}};
    case 5: return IpCondition{std::vector<model::Cidr>{}, {}};
    case 6: return IpCondition{std::vector<model::Cidr>{cidr("::1/128")}, {}};
    case 7: return IpCondition{std::vector<model::Cidr>{cidr("::ffff:127.0.0.2/128"), cidr("2001:db8::/32")}, {}};
    default: return std::nullopt;
  }
}

}  // namespace

// A resource aimed at the world, often at a near miss of a real bucket.
model::Resource make_resource(Choices& c, const World& w) {
  const int form = c.in_range(0, 10);
  const auto& b = w.buckets[c.index(w.buckets.size())].where;
  const auto& acct = w.accounts[c.index(w.accounts.size())];
  switch (form) {
    case 0:
    case 1:
    case 2:
      return model::Resource::one_bucket(b);
    case 3: {  // a near miss: prefix/suffix name, other jurisdiction, other account
      model::BucketRef miss = b;
      const int how = c.in_range(0, 4);
      if (how == 0) miss.name = b.name + "-archive";
      if (how == 1) miss.name = b.name.size() > 3 ? b.name.substr(0, b.name.size() - 1) : b.name + "1";
      if (how == 2) miss.jurisdiction = b.jurisdiction == Jurisdiction::kEu ? Jurisdiction::kDefault : Jurisdiction::kEu;
      if (how == 3) miss.account = w.accounts.size() > 1 && w.accounts[0] == b.account ? w.accounts[1] : w.accounts[0];
      if (miss == b) miss.name = b.name + "x";
      // Cutting the last character may leave a trailing hyphen (a prefixed "sc3-a-b"): the token
      // API refuses such a resource, so the near miss becomes a longer name instead.
      if (!model::is_valid_bucket_name(miss.name)) miss.name = b.name + "x";
      return model::Resource::one_bucket(miss);
    }
    case 4:
    case 5:
      return model::Resource::account_buckets(acct);
    case 6:
    case 7:
      return model::Resource::account(acct);
    case 8:
      return model::Resource::all_accounts();
    default:
      return model::Resource::account(hex32(c));  // some other account
  }
}

model::Token make_token(Choices& c, const World& w, int64_t start) {
  model::Token t;
  const size_t how_many = c.weighted({6, 3, 1});
  const int policies = how_many == 0 ? 1 : how_many == 1 ? 2 : static_cast<int>(c.in_range(3, 5));
  for (int i = 0; i < policies; ++i) {
    model::Policy p;
    p.effect = c.weighted({4, i == 0 ? 0 : 2}) == 0 ? model::Effect::kAllow : model::Effect::kDeny;
    const int groups = c.weighted({5, 1}) == 0 ? 1 : 2;
    for (int g = 0; g < groups; ++g) {
      auto id = std::string(kGroups[c.weighted({3, 3, 4, 4, 1, 1, 1})]);
      if (std::find(p.permission_groups.begin(), p.permission_groups.end(), id) == p.permission_groups.end())
        p.permission_groups.push_back(id);
    }
    const int resources = c.weighted({5, 1}) == 0 ? 1 : 2;
    for (int r = 0; r < resources; ++r) {
      auto res = make_resource(c, w);
      // One entry per top-level key: the API's JSON object cannot hold the account form and the
      // nested all-buckets form of the same account at once.
      const bool key_taken = std::any_of(p.resources.begin(), p.resources.end(), [&](const model::Resource& r) {
        return model::resource_key(r) == model::resource_key(res);
      });
      if (!key_taken) p.resources.push_back(res);
    }
    model::sort_resources(p.resources);
    t.policies.push_back(std::move(p));
  }
  t.condition = pick_condition(c);
  const int window = c.in_range(0, 12);
  if (window == 1) t.not_before = start + 3600;      // not yet valid, becomes valid after a clock step
  if (window == 2) t.not_before = start - 3600;      // already valid
  if (window == 3) t.expires_on = start + 1800;      // expires during the scenario
  if (window == 4) t.expires_on = start - 60;        // already expired
  if (window == 5) {
    t.not_before = start - 60;
    t.expires_on = start + 600;
  }
  if (c.in_range(0, 12) == 0) t.status = model::TokenStatus::kDisabled;
  return t;
}

namespace {

// The bucket a request names: usually the world bucket, sometimes a near miss or another name of
// the pool (which may not exist: existence must not leak to the unauthorized).
std::string pick_bucket_name(Choices& c, const model::BucketRef& near, const std::string& prefix) {
  const int how = c.in_range(0, 12);
  if (how == 0) return near.name + "-archive";
  if (how == 1) return prefix + kBucketNames[c.index(kBucketNames.size())];
  if (how == 2) {  // the same name in upper case: names compare exactly (SC-RES-2)
    std::string upper = near.name;
    for (auto& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return upper;
  }
  return near.name;
}

std::string pick_key(Choices& c, const WorldBucket& b) {
  if (!b.objects.empty() && c.in_range(0, 3) != 0) return b.objects[c.index(b.objects.size())];
  return kAwkwardKeys[c.index(kAwkwardKeys.size())];
}

Defect pick_defect(Choices& c, AuthMode auth) {
  if (auth == AuthMode::kAnonymous || auth == AuthMode::kSigV2) return Defect::kNone;
  if (c.in_range(0, 10) < 7) return Defect::kNone;
  std::vector<Defect> fit;
  for (Defect d : all_defects())
    if (d != Defect::kNone && defect_applies(d, auth)) fit.push_back(d);
  return fit[c.index(fit.size())];
}

}  // namespace

S3Step make_s3_step(Choices& c, const World& w, const std::vector<Step>& before, const GenOptions& opt) {
  S3Step s;
  const auto ops = model::all_operations();
  s.op = ops[c.index(ops.size())];
  const auto& wb = w.buckets[c.index(w.buckets.size())];
  s.endpoint_account = wb.where.account;
  s.endpoint_jurisdiction = wb.where.jurisdiction;
  if (c.in_range(0, 8) == 0) {  // the wrong endpoint for this bucket
    s.endpoint_account = w.accounts[c.index(w.accounts.size())];
    if (opt.jurisdictions)
      s.endpoint_jurisdiction = one_of(c, {Jurisdiction::kDefault, Jurisdiction::kEu});
  }
  if (model::needs_bucket(s.op)) s.bucket = pick_bucket_name(c, wb.where, opt.bucket_prefix);
  if (model::needs_key(s.op)) s.key = pick_key(c, wb);
  if ((s.op == Operation::kListObjects || s.op == Operation::kListObjectsV2) && c.in_range(0, 2) == 0) {
    // A listing's scope and pages: prefixes of the awkward keys, the '/' rollup, pages of 1 and 2.
    s.prefix = one_of<std::string>(c, {"", "", "dir/", "d", "logs", "caf\xc3\xa9/", "a"});
    s.delimiter = c.in_range(0, 2) == 0 ? "/" : "";
    s.max_keys = one_of(c, {0, 1, 2});
  }
  if (model::is_copy(s.op)) {
    const auto& src = w.buckets[c.index(w.buckets.size())];
    s.copy_source_bucket = src.where.name;
    s.copy_source_key = pick_key(c, src);
  }
  if (model::needs_upload_id(s.op)) {
    std::vector<int> uploads;
    for (size_t i = 0; i < before.size(); ++i) {
      const auto* prev = std::get_if<S3Step>(&before[i]);
      if (prev && prev->op == Operation::kCreateMultipartUpload) uploads.push_back(static_cast<int>(i));
    }
    if (!uploads.empty() && c.in_range(0, 5) != 0) s.upload = uploads[c.index(uploads.size())];
  }
  s.addressing = opt.virtual_host && c.in_range(0, 10) < 3 ? Addressing::kVirtualHost : Addressing::kPath;
  if (s.op == Operation::kListBuckets) s.addressing = Addressing::kPath;
  // Host names are case-insensitive, so an upper-case bucket name is only meaningful in a path.
  if (std::any_of(s.bucket.begin(), s.bucket.end(), [](unsigned char c) { return std::isupper(c); }))
    s.addressing = Addressing::kPath;
  const int auth = c.in_range(0, 20);
  s.auth = AuthMode::kHeader;
  if (opt.presign && auth >= 14 && auth < 18) s.auth = AuthMode::kPresigned;
  if (auth == 18) s.auth = AuthMode::kAnonymous;
  if (opt.sigv2_steps && auth == 19) s.auth = AuthMode::kSigV2;
  s.token = w.tokens[c.index(w.tokens.size())].ref;
  s.defect = pick_defect(c, s.auth);
  s.unsigned_payload = s.auth == AuthMode::kHeader && c.in_range(0, 4) == 0 && s.defect != Defect::kWrongPayloadHash &&
                       s.defect != Defect::kMissingContentSha256;
  // Uploads with a body, now and then aws-chunked (SC-SIG-12).
  s.streaming = opt.streaming && s.auth == AuthMode::kHeader && !s.unsigned_payload &&
                (s.op == Operation::kPutObject || s.op == Operation::kUploadPart) && s.defect != Defect::kWrongPayloadHash &&
                s.defect != Defect::kMissingContentSha256 && c.in_range(0, 6) == 0;
  s.source_ip = opt.source_ips[c.index(opt.source_ips.size())];
  if (c.in_range(0, 3) != 0) s.source_ip = opt.source_ips.front();
  return s;
}

namespace {

// ---- Token-API steps (SCOPING §11) ----

// A create or update body: valid, or broken in one of the ways SC-API-6 names; or valid but
// granting nothing (a bucket group on the bare account form, SC-RES-3).
std::string make_api_body(Choices& c, const World& w, const GenOptions& opt, bool create) {
  model::Token t = make_token(c, w, opt.start_time);
  t.name = opt.bucket_prefix + "api";
  if (create) t.status = model::TokenStatus::kActive;
  nlohmann::json b = targets::token_body(t, !create && c.uniform(3) == 0);
  const std::string acct = w.accounts.front();
  auto& p0 = b["policies"][0];
  switch (c.weighted({14, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1})) {
    case 1: p0["permission_groups"][0]["id"] = "ffffffffffffffffffffffffffffffff"; break;  // unknown group
    case 2: p0["resources"]["com.cloudflare.edge.r2.bucket." + acct + "_mars_logs"] = "*"; break;  // malformed key
    case 3: p0["resources"]["com.cloudflare.edge.r2.bucket.*"] = "*"; break;  // bucket wildcard without an account
    case 4:  // a nested bucket of another account
      p0["resources"]["com.cloudflare.api.account." + acct] = {
          {"com.cloudflare.edge.r2.bucket." + std::string(32, acct[0] == 'f' ? 'e' : 'f') + "_default_logs", "*"}};
      break;
    case 5:  // a bucket group on the bare account form: valid, grants nothing
      b["policies"].push_back({{"effect", "allow"},
                               {"resources", {{"com.cloudflare.api.account." + acct, "*"}}},
                               {"permission_groups", {{{"id", std::string(model::kItemReadId)}}}}});
      break;
    case 6:
      b["condition"] = {{"request_ip", {{"in", {one_of<std::string>(c, {"127.0.0.1", "300.0.0.1/32", "127.0.0.1/33", "::1/129"})}}}}};
      break;
    case 7: {  // not_before >= expires_on
      const int64_t at = opt.start_time + 3600;
      b["not_before"] = model::format_rfc3339(at + one_of<int64_t>(c, {0, 60}));
      b["expires_on"] = model::format_rfc3339(at);
      break;
    }
    case 8: b["name"] = 42; break;
    case 9: b["policies"] = nlohmann::json::object(); break;
    case 10: p0["effect"] = c.uniform(2) == 0 ? nlohmann::json(true) : nlohmann::json("permit"); break;
    case 11: b["expires_on"] = opt.start_time + 7200; break;  // a number, not an RFC 3339 string
    case 12: b["policies"] = nlohmann::json::array(); break;
    case 13:
      if (create) b["status"] = "active";  // status cannot be set on create
      else b.erase("name");
      break;
    default: break;
  }
  return b.dump();
}

bool holds_api_group(const WorldToken& t) {
  for (const auto& p : t.token.policies)
    for (const auto& g : p.permission_groups)
      if (g == model::kApiTokensReadId || g == model::kApiTokensWriteId) return true;
  return false;
}

ApiStep make_api_step(Choices& c, const World& w, const std::vector<Step>& before, const GenOptions& opt) {
  using model::ApiEndpoint;
  ApiStep a;
  a.endpoint = one_of(c, {ApiEndpoint::kCreate, ApiEndpoint::kVerify, ApiEndpoint::kGet, ApiEndpoint::kList,
                          ApiEndpoint::kUpdate, ApiEndpoint::kDelete, ApiEndpoint::kRoll, ApiEndpoint::kCreate,
                          ApiEndpoint::kVerify, ApiEndpoint::kPermissionGroups});
  // The bearer: mostly a token holding an API group (Read, Write, or both; active or not, IP
  // limited or not, as the world made it), sometimes any token, sometimes none.
  // Holders usable at the start (active, inside their window) are preferred, so that calls get
  // past authentication often enough to judge what succeeding calls reveal.
  std::vector<const WorldToken*> holders, usable;
  for (const auto& t : w.tokens)
    if (holds_api_group(t)) {
      holders.push_back(&t);
      const auto& k = t.token;
      if (k.status == model::TokenStatus::kActive && (!k.not_before || *k.not_before <= opt.start_time) &&
          (!k.expires_on || *k.expires_on > opt.start_time + 3600))
        usable.push_back(&t);
    }
  const int who = c.in_range(0, 12);
  if (who == 0) a.bearer = "";
  else if (!usable.empty() && who >= 6) a.bearer = usable[c.index(usable.size())]->ref;
  else if (!holders.empty() && who >= 3) a.bearer = holders[c.index(holders.size())]->ref;
  else a.bearer = w.tokens[c.index(w.tokens.size())].ref;
  if (c.in_range(0, 4) == 0) a.owner = w.accounts[c.index(w.accounts.size())];
  a.source_ip = opt.source_ips[c.index(opt.source_ips.size())];
  if (c.in_range(0, 3) != 0) a.source_ip = opt.source_ips.front();
  if (a.endpoint == ApiEndpoint::kGet || a.endpoint == ApiEndpoint::kUpdate || a.endpoint == ApiEndpoint::kDelete ||
      a.endpoint == ApiEndpoint::kRoll) {
    std::vector<int> made;  // earlier creates (on any path: under another owner's it is not found)
    for (size_t i = 0; i < before.size(); ++i)
      if (const auto* b = std::get_if<ApiStep>(&before[i]); b && b->endpoint == ApiEndpoint::kCreate)
        made.push_back(static_cast<int>(i));
    const int which = c.in_range(0, 6);
    if (!made.empty() && which >= 2) {
      a.subject_step = made[c.index(made.size())];
      // Mostly on the path the token was made under (found), sometimes on another (not found).
      if (c.in_range(0, 4) != 0) a.owner = std::get<ApiStep>(before[static_cast<size_t>(a.subject_step)]).owner;
    }
    else if (a.endpoint == ApiEndpoint::kGet && which == 1) a.subject = w.tokens[c.index(w.tokens.size())].ref;
    // else: an id no token has
  }
  if (a.endpoint == ApiEndpoint::kCreate || a.endpoint == ApiEndpoint::kUpdate)
    a.body = make_api_body(c, w, opt, a.endpoint == ApiEndpoint::kCreate);
  return a;
}

Step make_step(Choices& c, const World& w, const std::vector<Step>& before, const GenOptions& opt, int64_t start) {
  const int kind = c.in_range(0, 20);
  if (opt.api_steps && kind == 3) return make_api_step(c, w, before, opt);
  if (opt.token_api && kind < 2) {
    TokenStep t;
    t.token = w.tokens[c.index(w.tokens.size())].ref;
    t.change = one_of(c, {TokenChange::kUpdate, TokenChange::kDisable, TokenChange::kEnable, TokenChange::kRoll,
                          TokenChange::kDelete, TokenChange::kUpdate});
    if (t.change == TokenChange::kUpdate) {
      t.replacement = make_token(c, w, start);
      t.replacement->status = model::TokenStatus::kActive;
    }
    return t;
  }
  if (opt.clock_control && kind == 2) {
    // Half the clock moves land exactly on a token's not_before or expires_on: the validity
    // window is [not_before, expires_on), and the boundary instants are where off-by-ones live.
    int64_t now = start;
    for (const auto& b : before)
      if (const auto* clock = std::get_if<ClockStep>(&b)) now += clock->advance_seconds;
    int64_t advance = one_of<int64_t>(c, {60, 600, 1800, 3700, 7200});
    if (c.uniform(2) == 1) {
      const auto& t = c.pick(w.tokens).token;
      for (const auto& edge : {t.expires_on, t.not_before})
        if (edge && *edge > now) advance = *edge - now;
    }
    return ClockStep{advance};
  }
  return make_s3_step(c, w, before, opt);
}

}  // namespace

World make_world(Choices& c, const GenOptions& opt) {
    World w;
    if (!opt.fixed_accounts.empty()) {
      w.accounts = opt.fixed_accounts;
    } else {
      const int accounts = c.in_range(1, 3);
      for (int i = 0; i < accounts; ++i) {
        auto a = hex32(c);
        if (std::find(w.accounts.begin(), w.accounts.end(), a) == w.accounts.end()) w.accounts.push_back(a);
      }
    }
    const int buckets = c.in_range(1, 5);
    std::set<model::BucketRef> seen;
    for (int i = 0; i < buckets; ++i) {
      WorldBucket b;
      b.where.account = w.accounts[c.index(w.accounts.size())];
      b.where.jurisdiction =
          opt.jurisdictions && c.in_range(0, 3) == 0 ? Jurisdiction::kEu : Jurisdiction::kDefault;
      b.where.name = opt.bucket_prefix + kBucketNames[c.index(kBucketNames.size())];
      if (!seen.insert(b.where).second) continue;
      const int objects = c.in_range(0, 3);
      for (int k = 0; k < objects; ++k) {
        auto key = kAwkwardKeys[c.index(kAwkwardKeys.size())];
        if (std::find(b.objects.begin(), b.objects.end(), key) == b.objects.end()) b.objects.push_back(key);
      }
      w.buckets.push_back(std::move(b));
    }
    const int tokens = c.in_range(1, 4);
    for (int i = 0; i < tokens; ++i) {
      WorldToken t;
      t.ref = fmt::format("t{}", i);
      t.token = make_token(c, w, opt.start_time);
      t.token.name = "scopecheck-" + t.ref;
      w.tokens.push_back(std::move(t));
    }
    return w;
}

Scenario make_scenario(Choices& c, const GenOptions& opt) {
    Scenario s;
    s.world = make_world(c, opt);
    s.start_time = opt.start_time;
    const int n = c.in_range(1, opt.max_steps + 1);
    for (int i = 0; i < n; ++i) s.steps.push_back(make_step(c, s.world, s.steps, opt, opt.start_time));
    return s;
}

std::string item_bucket_prefix(const std::string& run_prefix, bool matrix, uint64_t item) {
  if (run_prefix.empty()) return run_prefix;
  return fmt::format("{}{}{:x}-", run_prefix, matrix ? "m" : "", item);
}

rc::Gen<World> gen_world(const GenOptions& opt) {
  return rc::gen::exec([opt] {
    RapidCheckChoices c;
    return make_world(c, opt);
  });
}

rc::Gen<Scenario> gen_scenario(const GenOptions& opt) {
  return rc::gen::exec([opt] {
    RapidCheckChoices c;
    return make_scenario(c, opt);
  });
}

std::vector<std::string> classify(const Scenario& s) {
  std::vector<std::string> tags;
  for (const auto& step : s.steps) {
    const auto* s3 = std::get_if<S3Step>(&step);
    if (!s3) {
      if (const auto* t = std::get_if<TokenStep>(&step)) tags.push_back(fmt::format("token-change {}", to_string(t->change)));
      if (const auto* a = std::get_if<ApiStep>(&step))
        tags.push_back(fmt::format("token API {} {}", model::to_string(a->endpoint), a->bearer.empty() ? "without bearer" : "with bearer"));
      continue;
    }
    const auto* tok = find_token(s.world, s3->token);
    std::string groups = "none";
    std::string forms = "none";
    if (tok && !tok->token.policies.empty()) {
      const auto& p = tok->token.policies.front();
      if (!p.permission_groups.empty()) {
        const auto* g = model::find_group(p.permission_groups.front());
        groups = g ? std::string(g->name) : p.permission_groups.front();
      }
      if (!p.resources.empty()) {
        switch (p.resources.front().kind) {
          case model::ResourceKind::kBucket:
            forms = "one bucket";
            break;
          case model::ResourceKind::kAccountBuckets:
            forms = "all buckets of account";
            break;
          case model::ResourceKind::kAccount:
            forms = "account";
            break;
          case model::ResourceKind::kAllAccounts:
            forms = "all accounts";
            break;
          default:
            forms = "other";
        }
      }
    }
    const auto reqs = model::requirements(s3->op);
    const std::string op_class = reqs.empty() ? "unsupported" : std::string(model::to_string(reqs.front().capability));
    tags.push_back(fmt::format("{} × {} × {} × {}", groups, forms, op_class, to_string(s3->auth)));
  }
  return tags;
}

}  // namespace scopecheck::scenario
