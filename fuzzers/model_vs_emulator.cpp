// PROPERTY: for a small world and request sequence derived from the bytes, the in-process
// emulator answers every S3 request as the reference model (harness/model/decide.h) predicts
// through the `r2` profile (status and S3 Code, exact strictness). The world is created through
// the emulator's token API and S3 API and each step is signed with harness/sigv4 by the scenario
// executor (harness/scenario/executor.h), the same path `scopecheck run` takes.
// Input (FuzzedDataProvider): accounts, buckets (confusable names across accounts and
// jurisdictions), one or two tokens (permission groups x resource forms x effect x IP condition
// x validity window), then up to 8 steps (S3 operations with auth modes and signature defects,
// token changes, clock moves).
// SCOPECHECK_FUZZ_INJECT=<MUTANTS.md names, comma-separated> runs against a seeded-bug emulator:
// then a violation is the expected finding.
// Acceptable: verdict kUnknown (transport failure), a setup the target rejects. Bugs: any
// violation (the emulator and the model disagree; one of them is wrong, see SCOPING.md), a crash,
// a sanitizer report.
#include <fuzzer/FuzzedDataProvider.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <variant>
#include <vector>

#include "harness/model/permission_groups.h"
#include "harness/model/resource_id.h"
#include "harness/scenario/case_file.h"
#include "harness/scenario/executor.h"
#include "harness/scenario/profiles.h"
#include "harness/targets/emulator_target.h"

namespace {
namespace m = scopecheck::model;
namespace sc = scopecheck::scenario;
namespace tg = scopecheck::targets;

constexpr const char* kAccounts[] = {"0123456789abcdef0123456789abcdef", "1111111111111111aaaaaaaaaaaaaaaa"};
constexpr const char* kBuckets[] = {"logs", "logs-2", "log", "photos"};
constexpr const char* kKeys[] = {"a.txt", "b/c.txt", "a.txt.bak"};
constexpr m::Jurisdiction kJurisdictions[] = {m::Jurisdiction::kDefault, m::Jurisdiction::kEu};
constexpr int64_t kStart = 1767225600;  // 2026-01-01T00:00:00Z

std::vector<std::string> inject_list() {
  std::vector<std::string> out;
  const char* env = std::getenv("SCOPECHECK_FUZZ_INJECT");
  if (env == nullptr) return out;
  std::string s(env), cur;
  for (char c : s + ",") {
    if (c == ',') {
      if (!cur.empty()) out.push_back(cur);
      cur.clear();
    } else {
      cur += c;
    }
  }
  return out;
}

m::Resource make_resource(FuzzedDataProvider& p, const sc::World& w) {
  const auto& b = w.buckets[p.ConsumeIntegralInRange<size_t>(0, w.buckets.size() - 1)].where;
  const std::string acct = w.accounts[p.ConsumeIntegralInRange<size_t>(0, w.accounts.size() - 1)];
  switch (p.ConsumeIntegralInRange(0, 5)) {
    case 0: return m::Resource::one_bucket(b);
    case 1: return m::Resource::account_buckets(acct);
    case 2: return m::Resource::account(acct);
    case 3: return m::Resource::all_accounts();
    case 4: {  // the bucket in the other jurisdiction (a confusable grant)
      auto other = b;
      other.jurisdiction = other.jurisdiction == m::Jurisdiction::kEu ? m::Jurisdiction::kDefault : m::Jurisdiction::kEu;
      return m::Resource::one_bucket(other);
    }
    default: {  // a bucket that does not exist (prefix of a real one)
      auto other = b;
      other.name = "lo" + std::string(p.ConsumeBool() ? "gs" : "g");
      return m::Resource::one_bucket(other);
    }
  }
}

m::Token make_token(FuzzedDataProvider& p, const sc::World& w) {
  static constexpr std::string_view kGroups[] = {m::kStorageWriteId, m::kStorageReadId, m::kItemWriteId,
                                                 m::kItemReadId, m::kApiTokensReadId};
  m::Token t;
  t.name = "fuzz";
  const int policies = p.ConsumeIntegralInRange(1, 2);
  for (int i = 0; i < policies; ++i) {
    m::Policy pol;
    pol.effect = i > 0 && p.ConsumeBool() ? m::Effect::kDeny : m::Effect::kAllow;
    const int nres = p.ConsumeIntegralInRange(1, 2);
    for (int r = 0; r < nres; ++r) {
      auto res = make_resource(p, w);
      // One entry per JSON key: the account form and the nested all-buckets form of one account
      // share a key, and a policy holding both cannot be written (as in the scenario generators).
      bool taken = false;
      for (const auto& x : pol.resources) taken = taken || m::resource_key(x) == m::resource_key(res);
      if (!taken) pol.resources.push_back(res);
    }
    m::sort_resources(pol.resources);
    const int ng = p.ConsumeIntegralInRange(1, 2);
    for (int g = 0; g < ng; ++g) {
      std::string id(kGroups[p.ConsumeIntegralInRange<size_t>(0, std::size(kGroups) - 1)]);
      if (std::find(pol.permission_groups.begin(), pol.permission_groups.end(), id) == pol.permission_groups.end())
        pol.permission_groups.push_back(id);
    }
    t.policies.push_back(std::move(pol));
  }
  switch (p.ConsumeIntegralInRange(0, 7)) {
    case 1: t.condition = m::IpCondition{std::vector<m::Cidr>{{m::IpAddress{false, {127, 0, 0, 2}}, 32}}, std::nullopt}; break;
    case 2: t.condition = m::IpCondition{std::nullopt, std::vector<m::Cidr>{{m::IpAddress{false, {127, 0, 0, 1}}, 32}}}; break;
    case 3: t.condition = m::IpCondition{std::vector<m::Cidr>{}, std::nullopt}; break;
    case 4: t.expires_on = kStart + p.ConsumeIntegralInRange<int64_t>(-60, 120); break;
    case 5: t.not_before = kStart + p.ConsumeIntegralInRange<int64_t>(-60, 120); break;
    default: break;
  }
  return t;
}

sc::S3Step make_s3_step(FuzzedDataProvider& p, const sc::World& w, int step_index) {
  const auto ops = m::all_operations();
  sc::S3Step s;
  s.token = w.tokens[p.ConsumeIntegralInRange<size_t>(0, w.tokens.size() - 1)].ref;
  s.op = ops[p.ConsumeIntegralInRange<size_t>(0, ops.size() - 1)];
  s.endpoint_account = w.accounts[p.ConsumeIntegralInRange<size_t>(0, w.accounts.size() - 1)];
  s.endpoint_jurisdiction = p.PickValueInArray(kJurisdictions);
  // Now and then the upper-case form of a world bucket's name (names compare exactly, SC-RES-2).
  if (m::needs_bucket(s.op)) s.bucket = p.ConsumeIntegralInRange(0, 7) == 0 ? "LOGS" : p.PickValueInArray(kBuckets);
  if (m::needs_key(s.op)) s.key = p.PickValueInArray(kKeys);
  if (m::is_copy(s.op)) {
    s.copy_source_bucket = p.PickValueInArray(kBuckets);
    s.copy_source_key = p.PickValueInArray(kKeys);
  }
  if (m::needs_upload_id(s.op)) s.upload = p.ConsumeBool() ? -1 : p.ConsumeIntegralInRange(0, std::max(0, step_index - 1));
  s.addressing = p.ConsumeIntegralInRange(0, 3) == 0 ? sc::Addressing::kVirtualHost : sc::Addressing::kPath;
  // Upper-case names only path-style, as the generators do: a Host name is case-insensitive, so
  // "LOGS.<account>.r2…" is the bucket `logs` (and what R2 does there is not on record).
  if (s.bucket == "LOGS") s.addressing = sc::Addressing::kPath;
  switch (p.ConsumeIntegralInRange(0, 9)) {
    case 0: s.auth = sc::AuthMode::kPresigned; break;
    case 1: s.auth = sc::AuthMode::kAnonymous; break;
    case 2: s.auth = sc::AuthMode::kSigV2; break;
    default: s.auth = sc::AuthMode::kHeader; break;
  }
  if (p.ConsumeIntegralInRange(0, 2) == 0) {
    const auto& defects = sc::all_defects();
    s.defect = defects[p.ConsumeIntegralInRange<size_t>(0, defects.size() - 1)];
    if (!sc::defect_applies(s.defect, s.auth)) s.defect = sc::Defect::kNone;
  }
  s.unsigned_payload = p.ConsumeIntegralInRange(0, 4) == 0;
  static constexpr const char* kIps[] = {"127.0.0.1", "127.0.0.1", "127.0.0.2", "127.0.0.3"};
  s.source_ip = p.PickValueInArray(kIps);
  return s;
}

sc::Scenario make_scenario(FuzzedDataProvider& p) {
  sc::Scenario s;
  s.start_time = kStart;
  s.world.accounts.push_back(kAccounts[0]);
  if (p.ConsumeBool()) s.world.accounts.push_back(kAccounts[1]);
  const int nb = p.ConsumeIntegralInRange(1, 3);
  for (int i = 0; i < nb; ++i) {
    sc::WorldBucket b;
    b.where.account = s.world.accounts[p.ConsumeIntegralInRange<size_t>(0, s.world.accounts.size() - 1)];
    b.where.jurisdiction = p.PickValueInArray(kJurisdictions);
    b.where.name = p.PickValueInArray(kBuckets);
    bool dup = false;
    for (const auto& x : s.world.buckets) dup = dup || x.where == b.where;
    if (dup) continue;
    if (p.ConsumeBool()) b.objects.push_back(p.PickValueInArray(kKeys));
    s.world.buckets.push_back(std::move(b));
  }
  const int nt = p.ConsumeIntegralInRange(1, 2);
  for (int i = 0; i < nt; ++i) s.world.tokens.push_back({"t" + std::to_string(i), make_token(p, s.world)});
  const int steps = p.ConsumeIntegralInRange(1, 8);
  int64_t now = kStart;
  for (int i = 0; i < steps && p.remaining_bytes() > 0; ++i) {
    const int kind = p.ConsumeIntegralInRange(0, 9);
    if (kind == 0) {
      sc::TokenStep t;
      t.token = s.world.tokens[p.ConsumeIntegralInRange<size_t>(0, s.world.tokens.size() - 1)].ref;
      t.change = static_cast<sc::TokenChange>(p.ConsumeIntegralInRange(0, 4));
      if (t.change == sc::TokenChange::kUpdate) t.replacement = make_token(p, s.world);
      s.steps.push_back(t);
    } else if (kind == 1) {
      // Half the clock moves land exactly on a token's not_before or expires_on (the validity
      // window is [not_before, expires_on): the boundary instants are where off-by-ones live).
      int64_t advance = p.ConsumeIntegralInRange<int64_t>(1, 1200);
      if (p.ConsumeBool()) {
        const auto& t = s.world.tokens[p.ConsumeIntegralInRange<size_t>(0, s.world.tokens.size() - 1)].token;
        for (const auto& edge : {t.expires_on, t.not_before})
          if (edge && *edge > now) advance = *edge - now;
      }
      now += advance;
      s.steps.push_back(sc::ClockStep{advance});
    } else {
      s.steps.push_back(make_s3_step(p, s.world, i));
    }
  }
  return s;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const std::vector<std::string> inject = inject_list();
  static const m::Profile profile = [] {
    auto p = sc::find_profile("r2");
    if (!p) {
      std::fprintf(stderr, "model_vs_emulator: %s\n", p.error().message().c_str());
      std::abort();
    }
    return *p;
  }();
  static tg::EmulatorTarget target([] {
    tg::EmulatorTargetOptions o;
    o.inject = inject;
    return o;
  }());

  FuzzedDataProvider p(data, size);
  const sc::Scenario s = make_scenario(p);
  sc::ExecResult r;
  try {
    r = sc::execute(s, target, profile, sc::ExecOptions{});
  } catch (const tg::TargetError& e) {
    std::fprintf(stderr, "model_vs_emulator: target unreachable: %s\n", e.what());
    std::abort();
  }
  if (r.violation) {
    sc::CaseFile c;
    c.title = "model_vs_emulator disagreement";
    c.scenario = s;
    c.injected_bugs = inject;
    c.violation = r.violation;
    const auto& v = *r.violation;
    // The case file must reproduce what was run: re-read it and run it again.
    const auto reread = sc::parse_case(sc::emit_case(c).dump());
    const auto* rc = std::get_if<sc::CaseFile>(&reread);
    const bool reproduces = rc != nullptr && sc::execute(rc->scenario, target, profile, sc::ExecOptions{}).violation.has_value();
    std::fprintf(stderr,
                 "model_vs_emulator: VIOLATION at step %d: %s\n  expected %s (rules: %s)\n  got %d %s\n  why: %s\n"
                 "  body: %s\n  the case file %s\n--- case file\n%s\n",
                 v.step, v.request.c_str(), v.expected_wire.c_str(),
                 v.rules.empty() ? "" : v.rules.front().c_str(), v.status, v.code.c_str(), v.why.c_str(),
                 v.body_excerpt.c_str(),
                 reproduces ? "reproduces it" : "DOES NOT reproduce it (a case-file round-trip bug: fix that first)",
                 sc::emit_case(c).dump(2).c_str());
    std::abort();
  }
  return 0;
}
