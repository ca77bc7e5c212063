#include "harness/scenario/runner.h"

#include <fmt/format.h>
#include <rapidcheck.h>

#include <fcntl.h>
#include <rapidcheck/detail/Configuration.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <iostream>
#include <mutex>
#include <filesystem>
#include <fstream>
#include <set>

#include "harness/model/cidr.h"
#include "harness/scenario/campaign.h"
#include "harness/scenario/case_writer.h"
#include "harness/scenario/rule_reach.h"
#include "harness/scenario/reproduce.h"
#include "harness/model/permission_groups.h"
#include "harness/model/timestamp.h"
#include "harness/targets/token_api.h"
#include "harness/targets/target_factory.h"
#include "scopecheck_version.h"

namespace scopecheck::scenario {
namespace {

using Clock = std::chrono::steady_clock;

// RapidCheck prints its global configuration (with a random seed the runner never uses: it
// passes its own) to stderr the first time it is loaded. Load it once with stderr silenced.
void load_rapidcheck_quietly() {
  static std::once_flag once;
  std::call_once(once, [] {
    std::fflush(stderr);
    const int saved = ::dup(STDERR_FILENO);
    const int devnull = ::open("/dev/null", O_WRONLY);
    if (saved < 0 || devnull < 0) return;
    ::dup2(devnull, STDERR_FILENO);
    ::close(devnull);
    rc::detail::configuration();
    std::cerr.flush();
    ::dup2(saved, STDERR_FILENO);
    ::close(saved);
  });
}

int count_s3_steps(const Scenario& s) {
  int n = 0;
  for (const auto& st : s.steps) n += std::holds_alternative<S3Step>(st) ? 1 : 0;
  return n;
}

// Removes step i; later upload references shift, references to it become "no upload".
Scenario without_step(const Scenario& s, size_t i) {
  Scenario out = s;
  out.steps.erase(out.steps.begin() + static_cast<long>(i));
  for (auto& st : out.steps) {
    if (auto* s3 = std::get_if<S3Step>(&st)) {
      if (s3->upload == static_cast<int>(i)) s3->upload = -1;
      else if (s3->upload > static_cast<int>(i)) --s3->upload;
    }
    if (auto* a = std::get_if<ApiStep>(&st)) {  // the token a removed create made: now an id no token has
      if (a->subject_step == static_cast<int>(i)) a->subject_step = -1;
      else if (a->subject_step > static_cast<int>(i)) --a->subject_step;
    }
  }
  return out;
}

bool token_used(const Scenario& s, const std::string& ref) {
  for (const auto& st : s.steps) {
    if (const auto* s3 = std::get_if<S3Step>(&st); s3 && s3->token == ref) return true;
    if (const auto* t = std::get_if<TokenStep>(&st); t && t->token == ref) return true;
    if (const auto* a = std::get_if<ApiStep>(&st); a && (a->bearer == ref || a->subject == ref)) return true;
  }
  return false;
}

std::string now_rfc3339() {
  const auto t = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
  return model::format_rfc3339(t.time_since_epoch().count());
}

}  // namespace

std::pair<Scenario, ExecResult> minimize(Scenario s, ExecResult failing, targets::Target& target,
                                         const model::Profile& profile, const ExecOptions& options,
                                         const std::function<bool()>& keep_going) {
  int budget = 300;  // executions
  auto still_fails = [&](const Scenario& candidate, ExecResult& out) {
    if (budget-- <= 0 || (keep_going && !keep_going())) return false;
    try {
      out = execute(candidate, target, profile, options);
    } catch (const targets::TargetError&) {
      return false;
    }
    return out.violation.has_value();
  };
  bool changed = true;
  while (changed && budget > 0) {
    changed = false;
    // Steps, from the last one (later steps depend on earlier ones, not the other way round).
    for (size_t i = s.steps.size(); i-- > 0;) {
      if (failing.violation && failing.violation->step == static_cast<int>(i)) continue;
      auto cand = without_step(s, i);
      ExecResult r;
      if (still_fails(cand, r)) {
        s = std::move(cand);
        failing = std::move(r);
        changed = true;
      }
    }
    // Tokens no step names.
    for (size_t i = s.world.tokens.size(); i-- > 0;) {
      if (token_used(s, s.world.tokens[i].ref)) continue;
      auto cand = s;
      cand.world.tokens.erase(cand.world.tokens.begin() + static_cast<long>(i));
      ExecResult r;
      if (still_fails(cand, r)) {
        s = std::move(cand);
        failing = std::move(r);
        changed = true;
      }
    }
    // Policies, objects, buckets.
    for (size_t t = 0; t < s.world.tokens.size(); ++t)
      for (size_t p = s.world.tokens[t].token.policies.size(); p-- > 0 && s.world.tokens[t].token.policies.size() > 1;) {
        auto cand = s;
        auto& pol = cand.world.tokens[t].token.policies;
        pol.erase(pol.begin() + static_cast<long>(p));
        ExecResult r;
        if (still_fails(cand, r)) {
          s = std::move(cand);
          failing = std::move(r);
          changed = true;
        }
      }
    for (size_t b = s.world.buckets.size(); b-- > 0;) {
      for (size_t o = s.world.buckets[b].objects.size(); o-- > 0;) {
        auto cand = s;
        auto& objs = cand.world.buckets[b].objects;
        objs.erase(objs.begin() + static_cast<long>(o));
        ExecResult r;
        if (still_fails(cand, r)) {
          s = std::move(cand);
          failing = std::move(r);
          changed = true;
        }
      }
      auto cand = s;
      cand.world.buckets.erase(cand.world.buckets.begin() + static_cast<long>(b));
      ExecResult r;
      if (!cand.world.buckets.empty() && still_fails(cand, r)) {
        s = std::move(cand);
        failing = std::move(r);
        changed = true;
      }
    }
    // Token conditions and windows.
    for (size_t t = 0; t < s.world.tokens.size(); ++t) {
      auto& tok = s.world.tokens[t].token;
      if (tok.condition || tok.not_before || tok.expires_on) {
        auto cand = s;
        auto& ct = cand.world.tokens[t].token;
        ct.condition.reset();
        ct.not_before.reset();
        ct.expires_on.reset();
        ExecResult r;
        if (still_fails(cand, r)) {
          s = std::move(cand);
          failing = std::move(r);
          changed = true;
        }
      }
    }
  }
  return {std::move(s), std::move(failing)};
}

namespace {

// A target that reaches only its own accounts (a real R2 account) and names a run's buckets with
// a prefix: the matrix's accounts `a` and `b` become the reachable ones, every bucket name gets
// the prefix, and what needs an account the target cannot reach is left out (the other
// account's buckets and the steps through its endpoint; a scenario whose grants name it).
std::vector<Scenario> fit_matrix(std::vector<Scenario> in, const std::string& a, const std::string& b, const GenOptions& opt) {
  std::map<std::string, std::string> acct;
  acct[a] = opt.fixed_accounts.empty() ? a : opt.fixed_accounts[0];
  if (opt.fixed_accounts.empty()) acct[b] = b;
  else if (opt.fixed_accounts.size() > 1) acct[b] = opt.fixed_accounts[1];
  std::vector<Scenario> out;
  for (auto& s : in) {
    // Each matrix item's buckets carry its own tag: items may run at once on one account.
    const std::string prefix = item_bucket_prefix(opt.bucket_prefix, true, out.size());
    auto name = [&](const std::string& n) { return n.empty() ? n : prefix + n; };
    bool fits = true;
    std::vector<std::string> accounts;
    for (const auto& x : s.world.accounts)
      if (acct.count(x)) accounts.push_back(acct[x]);
    s.world.accounts = accounts;
    std::vector<WorldBucket> buckets;
    for (auto wb : s.world.buckets) {
      if (!acct.count(wb.where.account)) continue;
      wb.where.account = acct[wb.where.account];
      wb.where.name = name(wb.where.name);
      buckets.push_back(std::move(wb));
    }
    s.world.buckets = std::move(buckets);
    auto fit_token = [&](model::Token& t) {
      for (auto& p : t.policies)
        for (auto& r : p.resources) {
          if (r.kind == model::ResourceKind::kAllAccounts) continue;
          if (!acct.count(r.bucket.account)) fits = false;
          else r.bucket.account = acct[r.bucket.account];
          if (r.kind == model::ResourceKind::kBucket) r.bucket.name = name(r.bucket.name);
        }
    };
    for (auto& t : s.world.tokens) fit_token(t.token);
    std::vector<Step> steps;
    std::map<int, int> new_index;
    for (size_t i = 0; i < s.steps.size(); ++i) {
      if (auto* st = std::get_if<S3Step>(&s.steps[i])) {
        if (!acct.count(st->endpoint_account)) continue;
        st->endpoint_account = acct[st->endpoint_account];
        st->bucket = name(st->bucket);
        st->copy_source_bucket = name(st->copy_source_bucket);
        if (st->upload >= 0) st->upload = new_index.count(st->upload) ? new_index[st->upload] : -1;
      } else if (auto* tk = std::get_if<TokenStep>(&s.steps[i]); tk && tk->replacement) {
        fit_token(*tk->replacement);
      } else if (auto* a = std::get_if<ApiStep>(&s.steps[i])) {
        if (!a->owner.empty()) {
          if (!acct.count(a->owner)) continue;
          a->owner = acct[a->owner];
        }
        if (a->subject_step >= 0) a->subject_step = new_index.count(a->subject_step) ? new_index[a->subject_step] : -1;
      }
      new_index[static_cast<int>(i)] = static_cast<int>(steps.size());
      steps.push_back(std::move(s.steps[i]));
    }
    s.steps = std::move(steps);
    if (fits) out.push_back(std::move(s));
  }
  return out;
}

// SC-API-5 in the matrix: a token is found only under its owner's path. A bearer holding API
// Tokens Read and Write asks for a user token (a world token) under the account's path, and for a
// token it made under the account's path under the user path; both must be 404, while each on its
// own path is found. Random API steps seldom name a token under the other owner's path (a target
// that ignores the path's owner took ~25,000 checks to be caught by chance).
Scenario api_owner_scenario(const std::string& a, const GenOptions& opt) {
  using model::ApiEndpoint;
  Scenario s;
  s.world.accounts = {a};
  s.world.buckets = {{{a, model::Jurisdiction::kDefault, "logs"}, {"a.txt"}}};
  s.start_time = opt.start_time;
  WorldToken admin;
  admin.ref = "t0";
  admin.token.name = "scopecheck-matrix-api";
  admin.token.policies = {model::Policy{}};
  admin.token.policies[0].permission_groups = {std::string(model::kApiTokensReadId), std::string(model::kApiTokensWriteId)};
  admin.token.policies[0].resources = {model::Resource::account(a)};
  WorldToken reader;
  reader.ref = "t1";
  reader.token.name = "scopecheck-matrix-reader";
  reader.token.policies = {model::Policy{}};
  reader.token.policies[0].permission_groups = {std::string(model::kItemReadId)};
  reader.token.policies[0].resources = {model::Resource::one_bucket({a, model::Jurisdiction::kDefault, "logs"})};
  s.world.tokens = {admin, reader};
  auto api = [&](ApiEndpoint e, const std::string& owner) {
    ApiStep st;
    st.endpoint = e;
    st.bearer = "t0";
    st.owner = owner;
    return st;
  };
  for (const std::string& owner : {a, std::string()}) {  // the user's token: not found, then found
    auto get = api(ApiEndpoint::kGet, owner);
    get.subject = "t1";
    s.steps.push_back(get);
  }
  auto create = api(ApiEndpoint::kCreate, a);
  model::Token made = reader.token;
  made.name = opt.bucket_prefix + "api";
  create.body = targets::token_body(made, false).dump();
  const int created = static_cast<int>(s.steps.size());
  s.steps.push_back(create);
  for (const std::string& owner : {std::string(), a}) {  // the account's token: not found, then found
    auto get = api(ApiEndpoint::kGet, owner);
    get.subject_step = created;
    s.steps.push_back(get);
  }
  return s;
}

}  // namespace

std::vector<Scenario> matrix_scenarios(const GenOptions& opt) {
  const std::string a = "a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1";
  const std::string b = "b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2";
  World base;
  base.accounts = {a, b};
  base.buckets = {{{a, model::Jurisdiction::kDefault, "logs"}, {"a.txt", "dir/b.txt", "dir/c.txt"}},
                  {{a, model::Jurisdiction::kDefault, "logs-archive"}, {"src.txt"}},
                  {{b, model::Jurisdiction::kDefault, "logs"}, {"a.txt"}}};
  if (opt.jurisdictions) base.buckets.push_back({{a, model::Jurisdiction::kEu, "logs"}, {"a.txt"}});

  const std::vector<std::pair<std::string, model::Resource>> forms{
      {"one bucket", model::Resource::one_bucket({a, model::Jurisdiction::kDefault, "logs"})},
      {"all buckets of the account", model::Resource::account_buckets(a)},
      {"the account", model::Resource::account(a)},
      {"every account", model::Resource::all_accounts()},
      {"a bucket of another account", model::Resource::one_bucket({b, model::Jurisdiction::kDefault, "logs"})},
  };
  const std::vector<std::string_view> groups{model::kStorageWriteId, model::kStorageReadId, model::kItemWriteId,
                                             model::kItemReadId};
  using model::Operation;
  std::vector<Scenario> out;
  for (auto g : groups)
    for (const auto& [form_name, res] : forms) {
      Scenario s;
      s.world = base;
      s.start_time = opt.start_time;
      WorldToken t;
      t.ref = "t0";
      model::Policy p;
      p.permission_groups = {std::string(g)};
      p.resources = {res};
      t.token.policies = {p};
      t.token.name = "scopecheck-matrix";
      // A second token that may only read logs: it must not ride on t0's multipart uploads.
      WorldToken reader;
      reader.ref = "t1";
      model::Policy rp;
      rp.permission_groups = {std::string(model::kItemReadId)};
      rp.resources = {model::Resource::one_bucket({a, model::Jurisdiction::kDefault, "logs"})};
      reader.token.policies = {rp};
      reader.token.name = "scopecheck-matrix-reader";
      s.world.tokens = {t, reader};
      auto step = [&](Operation op, std::string bucket, std::string key, model::Jurisdiction jur = model::Jurisdiction::kDefault,
                      const std::string& acct = "") {
        S3Step st;
        st.op = op;
        st.token = "t0";
        st.endpoint_account = acct.empty() ? a : acct;
        st.endpoint_jurisdiction = jur;
        st.bucket = op == Operation::kListBuckets ? "" : std::move(bucket);
        st.key = model::needs_key(op) ? std::move(key) : "";
        return st;
      };
      auto& steps = s.steps;
      for (Operation op : {Operation::kListBuckets, Operation::kHeadBucket, Operation::kGetBucketLocation,
                           Operation::kListObjects, Operation::kListObjectsV2, Operation::kGetObject, Operation::kHeadObject,
                           Operation::kListMultipartUploads, Operation::kGetBucketCors,
                           Operation::kGetBucketLifecycleConfiguration, Operation::kGetBucketEncryption})
        steps.push_back(step(op, "logs", "a.txt"));
      {  // A listing in pages of one, rolled up at '/': every page is compared with the state.
        auto paged = step(Operation::kListObjectsV2, "logs", "");
        paged.delimiter = "/";
        paged.max_keys = 1;
        steps.push_back(paged);
      }
      // The same name elsewhere: another account, another jurisdiction, a longer name.
      steps.push_back(step(Operation::kGetObject, "logs", "a.txt", model::Jurisdiction::kDefault, b));
      steps.push_back(step(Operation::kPutObject, "logs", "x.txt", model::Jurisdiction::kDefault, b));
      if (opt.jurisdictions) {
        steps.push_back(step(Operation::kGetObject, "logs", "a.txt", model::Jurisdiction::kEu));
        steps.push_back(step(Operation::kPutObject, "logs", "x.txt", model::Jurisdiction::kEu));
      }
      steps.push_back(step(Operation::kGetObject, "logs-archive", "src.txt"));
      steps.push_back(step(Operation::kPutObject, "logs", "b.txt"));
      // Copies: source in the same bucket, and in a bucket the one-bucket form does not cover.
      for (const char* src_bucket : {"logs", "logs-archive"}) {
        auto c = step(Operation::kCopyObject, "logs", std::string("copy-from-") + src_bucket);
        c.copy_source_bucket = src_bucket;
        c.copy_source_key = std::string(src_bucket) == "logs" ? "a.txt" : "src.txt";
        steps.push_back(c);
      }
      {
        auto c = step(Operation::kCopyObject, "logs-archive", "copy-into-archive");
        c.copy_source_bucket = "logs";
        c.copy_source_key = "a.txt";
        steps.push_back(c);
      }
      // Multipart: create, part, part copy, list, complete; create and abort.
      const int created = static_cast<int>(steps.size());
      steps.push_back(step(Operation::kCreateMultipartUpload, "logs", "m.bin"));
      for (Operation op : {Operation::kUploadPart, Operation::kUploadPartCopy, Operation::kListParts,
                           Operation::kCompleteMultipartUpload}) {
        auto m = step(op, "logs", "m.bin");
        m.upload = created;
        if (op == Operation::kUploadPartCopy) {
          m.copy_source_bucket = "logs-archive";
          m.copy_source_key = "src.txt";
        }
        steps.push_back(m);
      }
      // SC-OP-3: an upload t0 made grants t1 nothing.
      const int created1 = static_cast<int>(steps.size());
      steps.push_back(step(Operation::kCreateMultipartUpload, "logs", "o.bin"));
      for (Operation op : {Operation::kUploadPart, Operation::kListParts, Operation::kAbortMultipartUpload}) {
        auto m = step(op, "logs", "o.bin");
        m.token = "t1";
        m.upload = created1;
        steps.push_back(m);
      }
      const int created2 = static_cast<int>(steps.size());
      steps.push_back(step(Operation::kCreateMultipartUpload, "logs", "n.bin"));
      auto abort = step(Operation::kAbortMultipartUpload, "logs", "n.bin");
      abort.upload = created2;
      steps.push_back(abort);
      for (Operation op : {Operation::kPutBucketCors, Operation::kDeleteBucketCors,
                           Operation::kPutBucketLifecycleConfiguration})
        steps.push_back(step(op, "logs", ""));
      steps.push_back(step(Operation::kDeleteObject, "logs", "b.txt"));
      steps.push_back(step(Operation::kDeleteObjects, "logs", "a.txt"));
      steps.push_back(step(Operation::kCreateBucket, "fresh-bucket", ""));
      steps.push_back(step(Operation::kDeleteBucket, "logs", ""));
      steps.push_back(step(Operation::kDeleteBucket, "fresh-bucket", ""));
      // SC-RES-2: no case folding; SC-TK-5: after a roll the old secret no longer signs.
      steps.push_back(step(Operation::kHeadBucket, "LOGS", ""));
      steps.push_back(step(Operation::kGetObject, "LOGS", "a.txt"));
      steps.push_back(TokenStep{TokenChange::kRoll, "t0", std::nullopt});
      auto old = step(Operation::kListObjects, "logs", "");
      old.defect = Defect::kOldSecret;
      steps.push_back(old);
      steps.push_back(step(Operation::kListObjects, "logs", ""));
      out.push_back(std::move(s));
    }

  // The authentication matrix (SC-SIG-*, SC-TK-1/2): every defect under every auth mode it
  // applies to, on a read and on a write of a token that may do both. The reads share one
  // scenario; each write has its own, since a target that wrongly accepts one has changed its
  // state and a certificate stops judging a scenario there.
  World auth_world;
  auth_world.accounts = {a};
  auth_world.buckets = {{{a, model::Jurisdiction::kDefault, "logs"}, {"a.txt"}}};
  {
    WorldToken writer, reader;
    writer.ref = "t0";
    writer.token.name = "scopecheck-matrix";
    writer.token.policies = {model::Policy{}};
    writer.token.policies[0].permission_groups = {std::string(model::kItemWriteId)};
    writer.token.policies[0].resources = {model::Resource::one_bucket({a, model::Jurisdiction::kDefault, "logs"})};
    reader = writer;
    reader.ref = "t1";
    reader.token.name = "scopecheck-matrix-reader";
    reader.token.policies[0].permission_groups = {std::string(model::kItemReadId)};
    // SC-TK-3: a disabled token that would otherwise read logs.
    WorldToken disabled = reader;
    disabled.ref = "t2";
    disabled.token.name = "scopecheck-matrix-disabled";
    disabled.token.status = model::TokenStatus::kDisabled;
    // SC-TK-4: a token admitted only from the second source address (when the target offers
    // one; else from a documentation address no request comes from).
    WorldToken limited = reader;
    limited.ref = "t3";
    limited.token.name = "scopecheck-matrix-ip-limited";
    const std::string admitted = opt.source_ips.size() > 1 ? opt.source_ips[1] : "192.0.2.1";
    if (auto ip = model::parse_ip(admitted))
      limited.token.condition = model::IpCondition{std::vector<model::Cidr>{{*ip, ip->v6 ? 128 : 32}}, std::nullopt};
    auth_world.tokens = {writer, reader, disabled, limited};
  }
  std::vector<AuthMode> modes{AuthMode::kHeader};
  if (opt.presign) modes.push_back(AuthMode::kPresigned);
  auto auth_step = [&](Operation op, AuthMode mode, Defect d, const std::string& key) {
    S3Step st;
    st.op = op;
    st.token = "t0";
    st.endpoint_account = a;
    st.bucket = "logs";
    st.key = key;
    st.auth = mode;
    st.defect = d;
    return st;
  };
  Scenario reads;
  reads.world = auth_world;
  reads.start_time = opt.start_time;
  std::vector<Scenario> writes;
  auto add_write = [&](S3Step st) {
    Scenario w;
    w.world = auth_world;
    w.start_time = opt.start_time;
    w.steps.push_back(std::move(st));
    w.steps.push_back(auth_step(Operation::kGetObject, AuthMode::kHeader, Defect::kNone, "a.txt"));
    writes.push_back(std::move(w));
  };
  for (AuthMode mode : modes)
    for (Defect d : all_defects()) {
      if (!defect_applies(d, mode) || d == Defect::kOldSecret) continue;  // old secrets need a roll (above)
      reads.steps.push_back(auth_step(Operation::kGetObject, mode, d, "a.txt"));
      if (d != Defect::kNone) add_write(auth_step(Operation::kPutObject, mode, d, fmt::format("{}-{}.txt", to_string(mode), to_string(d))));
    }
  for (AuthMode mode : modes) {
    auto st = auth_step(Operation::kGetObject, mode, Defect::kNone, "a.txt");
    st.token = "t2";
    reads.steps.push_back(st);
  }
  for (size_t i = 0; i < std::min<size_t>(2, opt.source_ips.size()); ++i) {
    auto st = auth_step(Operation::kGetObject, AuthMode::kHeader, Defect::kNone, "a.txt");
    st.token = "t3";
    st.source_ip = opt.source_ips[i];
    reads.steps.push_back(st);
  }
  {
    auto unsigned_put = auth_step(Operation::kPutObject, AuthMode::kHeader, Defect::kNone, "unsigned-payload.txt");
    unsigned_put.unsigned_payload = true;
    reads.steps.push_back(unsigned_put);
  }
  if (opt.streaming) {  // SC-SIG-12: verified where the profile supports streaming, refused where not
    auto streaming_put = auth_step(Operation::kPutObject, AuthMode::kHeader, Defect::kNone, "streaming.txt");
    streaming_put.streaming = true;
    reads.steps.push_back(streaming_put);
  }
  std::vector<AuthMode> unsigned_modes{AuthMode::kAnonymous};
  if (opt.sigv2_steps) unsigned_modes.push_back(AuthMode::kSigV2);
  for (AuthMode mode : unsigned_modes) {
    reads.steps.push_back(auth_step(Operation::kGetObject, mode, Defect::kNone, "a.txt"));
    reads.steps.push_back(auth_step(Operation::kListObjectsV2, mode, Defect::kNone, ""));
    add_write(auth_step(Operation::kPutObject, mode, Defect::kNone, fmt::format("{}.txt", to_string(mode))));
  }
  out.push_back(std::move(reads));
  for (auto& w : writes) out.push_back(std::move(w));
  if (opt.api_steps) out.push_back(api_owner_scenario(a, opt));
  if (!opt.fixed_accounts.empty() || !opt.bucket_prefix.empty()) return fit_matrix(std::move(out), a, b, opt);
  return out;
}

ExecResult replay(const CaseFile& c, targets::Target& target, const model::Profile& profile, const ExecOptions& options) {
  auto opts = options;
  opts.stop_at_violation = false;
  if (!opts.scenario_seed) opts.scenario_seed = c.seed;  // the faults, ids and values it was found with
  ExecResult r = execute(c.scenario, target, profile, opts);
  for (const auto& x : c.expectations) {
    for (auto& check : r.checks) {
      if (check.step != x.step) continue;
      const bool status_ok = !x.status || *x.status == check.status;
      const bool code_ok = !x.code || *x.code == check.code;
      if (!status_ok || !code_ok) {
        CheckRecord v = check;
        v.verdict = model::Verdict::kViolation;
        v.why = fmt::format("the case expects {}{}; {}", x.status ? std::to_string(*x.status) : "",
                            x.code ? " " + *x.code : "", v.why);
        if (!r.violation) r.violation = v;
      }
    }
  }
  return r;
}

report::RunResult run(targets::Target& target, const model::Profile& profile, const RunOptions& options) {
  auto one = options;
  one.jobs = 1;
  return run([&](int) -> targets::Target& { return target; }, profile, one);
}

report::RunResult run(const std::function<targets::Target&(int)>& targets, const model::Profile& profile,
                      const RunOptions& options) {
  targets::Target& first = targets(0);
  report::RunResult r;
  r.harness_version = SCOPECHECK_VERSION;
  r.target_kind = first.kind();
  r.target_name = first.name();
  r.profile = profile.name;
  r.strictness = std::string(model::to_string(options.exec.strictness));
  r.seed = options.seed;
  if (options.shard_count > 1) r.shard = fmt::format("{}/{}", options.shard_index + 1, options.shard_count);
  r.started_at = now_rfc3339();
  r.injected_bugs = options.injected_bugs;

  const auto t0 = Clock::now();
  auto elapsed = [&] { return std::chrono::duration<double>(Clock::now() - t0).count(); };
  auto budget_left = [&] {
    return (!options.max_checks || r.checks < *options.max_checks) && r.violations < options.max_violations;
  };
  auto last_progress = Clock::now();
  auto tick = [&](bool force) {
    if (!force && Clock::now() - last_progress < std::chrono::seconds(1)) return;
    last_progress = Clock::now();
    r.duration_seconds = elapsed();
    r.checks_over_time.emplace_back(r.duration_seconds, r.checks);
    if (options.progress) options.progress(r);
  };
  std::set<std::string> seen_cases;

  auto account = [&](const Scenario& s, const ExecResult& e) {
    ++r.scenarios;
    if (!e.setup_error.empty()) {
      ++r.setup_failures;
      if (r.setup_errors.size() < 5) r.setup_errors.push_back(e.setup_error);
    }
    r.retries += e.retries;
    for (const auto& c : e.checks) {
      ++r.checks;
      for (const auto& rule : c.rules) ++r.judged_rules[rule];
      const std::string rule = c.rules.empty() ? "(none)" : c.rules.front();
      auto& cell = r.grid[rule][c.operation];
      switch (c.verdict) {
        case model::Verdict::kPass:
          ++r.passes;
          ++cell.pass;
          break;
        case model::Verdict::kViolation:
          ++cell.violation;
          break;
        case model::Verdict::kUnknown:
          ++r.unknowns;
          ++cell.unknown;
          r.unknown_list.push_back({c.request,
                                    c.transport_error.empty() ? fmt::format("HTTP {} {}", c.status, c.code) : c.transport_error,
                                    c.attempts, rule, c.operation});
          break;
      }
    }
    for (const auto& tag : classify(s)) ++r.distribution[tag];
    tick(false);
  };

  auto record_violation = [&](const Scenario& small, const ExecResult& res, uint64_t seed, int64_t checks_before,
                              double seconds_before) {
    if (!res.violation) return;
    const auto id = case_id(small);
    if (!seen_cases.insert(id).second) return;
    ++r.violations;
    CaseFile cf;
    cf.title = fmt::format("{} on {}: expected {}, got {}{}", res.violation->rules.empty() ? "" : res.violation->rules.front(),
                           res.violation->operation, res.violation->expected_wire, res.violation->status,
                           res.violation->code.empty() ? "" : " " + res.violation->code);
    cf.scenario = small;
    cf.harness_version = SCOPECHECK_VERSION;
    cf.seed = seed;
    cf.profile = profile.name;
    cf.target_kind = first.kind();
    cf.injected_bugs = options.injected_bugs;
    cf.strictness = r.strictness;
    cf.violation = res.violation;
    for (const auto& c : res.checks)
      if (c.exchange) cf.exchanges.push_back(*c.exchange);
    report::ViolationSummary v;
    v.case_id = id;
    v.rule = res.violation->rules.empty() ? "(none)" : res.violation->rules.front();
    v.operation = res.violation->operation;
    v.expected = res.violation->expected_wire;
    v.actual = fmt::format("{}{}", res.violation->status, res.violation->code.empty() ? "" : " " + res.violation->code);
    for (const auto& t : small.world.tokens) v.steps.push_back("token " + show(t));
    for (size_t i = 0; i < small.steps.size(); ++i)
      v.steps.push_back(fmt::format("{}{}. {}", static_cast<int>(i) == res.violation->step ? "→ " : "", i, show(small.steps[i])));
    v.seed = seed;
    v.checks_to_first = checks_before;
    v.seconds_to_first = seconds_before;
    if (const auto& x = res.violation->exchange) {
      const auto step = static_cast<size_t>(res.violation->step);
      if (const auto* s3 = step < small.steps.size() ? std::get_if<S3Step>(&small.steps[step]) : nullptr) {
        v.exchange = exchange_text(*x);
        v.curl = curl_command(*s3, *x);
        v.aws_cli = aws_cli_command(*s3, *x);
      }
    }
    if (!options.out_dir.empty()) {
      const auto rel = std::filesystem::path("cases") / (id + ".json");
      write_case_file(cf, (std::filesystem::path(options.out_dir) / rel).string());
      v.case_file = rel.string();
      v.replay_command = replay_command(rel.string(), cf, options.injected_bugs, options.replay_options);
    }
    r.violation_list.push_back(std::move(v));
  };

  CampaignOptions co;
  static_cast<CampaignCommon&>(co) = options;  // every common option, whole (campaign.h)
  co.deadline = t0 + options.budget;
  co.shrink_deadline = co.deadline + options.budget;  // shrinking may take as long again
  // A third-party target runs what it can express of each scenario (as certify does): its
  // credentials, buckets and one account (targets/target_factory.h).
  co.adapt = [](targets::Target& t, const Scenario& s) -> std::optional<Scenario> {
    auto* third_party = dynamic_cast<targets::CertifiableTarget*>(&t);
    return third_party ? third_party->adapt(s) : std::optional<Scenario>(s);
  };
  if (options.random_phase) load_rapidcheck_quietly();

  bool matrix_cut_short = false;
  const auto summary = run_campaign(co, profile, targets, [&](ItemOutcome& item) {
    if (!budget_left()) return false;
    if (item.fatal) throw *item.fatal;
    if (item.not_expressible) return true;
    matrix_cut_short |= item.matrix && item.result.cut_short;
    account(item.scenario, item.result);
    if (item.shrunk)
      record_violation(item.shrunk->first, item.shrunk->second, item.seed, r.checks,
                       std::chrono::duration<double>(item.found_at - t0).count());
    return budget_left();
  });
  // A run that stopped at its violation limit or at --max-checks did what it was asked; one
  // that ran out of time before its matrix was done did not.
  // An interrupted run is marked as such by the caller; "raise --budget" would be the wrong advice.
  const bool stopped_by_limits = r.violations >= options.max_violations ||
                                 (options.max_checks && r.checks >= *options.max_checks) ||
                                 (options.interrupt && options.interrupt->load());
  if (options.matrix && !stopped_by_limits && (summary.matrix_done < summary.matrix_items || matrix_cut_short))
    r.inconclusive_reasons.push_back(
        fmt::format("the matrix did not finish: {} of {} scenarios ran to their end (raise --budget)",
                    summary.matrix_done - (matrix_cut_short ? 1 : 0), summary.matrix_items));
  if (r.checks < options.min_checks && !(options.interrupt && options.interrupt->load()))
    r.inconclusive_reasons.push_back(fmt::format("{} checks judged, fewer than the floor of {} (--min-checks)", r.checks,
                                                 options.min_checks));
  r.unjudged_rules = unjudged_rules(r.judged_rules, options.gen, r.checks);
  tick(true);
  return r;
}

}  // namespace scopecheck::scenario
