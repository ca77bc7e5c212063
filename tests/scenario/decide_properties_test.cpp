// Properties of decide() over worlds, tokens and requests drawn from the scenario generators
// (harness/scenario/generators.h, the one generator stack of the runner, certify and the
// differential fuzzer), seen as the model sees them (harness/scenario/model_view.h).
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <algorithm>
#include <ostream>
#include <set>

#include "harness/model/decide.h"
#include "harness/model/token_codec.h"
#include "harness/model/world_codec.h"
#include "harness/scenario/choices.h"
#include "harness/scenario/generators.h"
#include "harness/scenario/model_view.h"
#include "tests/model/fixtures.h"

namespace scopecheck::model {
// How RapidCheck prints model values in a counterexample: the JSON a case file would hold.
inline void showValue(const World& w, std::ostream& os) { os << emit_world(w).dump(); }
inline void showValue(const Request& r, std::ostream& os) { os << emit_request(r).dump(); }
inline void showValue(const Token& t, std::ostream& os) { os << emit_token(t).dump(); }
inline void showValue(const Policy& p, std::ostream& os) { os << emit_policy(p).dump(); }
inline void showValue(const Resource& r, std::ostream& os) { os << describe(r); }
}  // namespace scopecheck::model

namespace scopecheck::model::test {
namespace {

namespace sc = scopecheck::scenario;

sc::GenOptions options() {
  sc::GenOptions o;
  o.start_time = kNow;  // token windows are set around the instant decide() is asked about
  // A SigV2 request is refused before any grant is looked at: no case for these properties.
  o.sigv2_steps = false;
  return o;
}

// A world from the generators, and an S3 step on it (the first a scenario would start with).
struct Drawn {
  sc::World plan;  // as generated: what the step and token generators aim at
  World world;     // the model's view of it
  Request request;
};

// At full size: RapidCheck scales every choice by the size (choices.h), and at the small sizes
// of a property's first cases nearly every token would be disabled or outside its window (the
// runner cycles its sizes over the whole range for the same reason, campaign.h).
rc::Gen<Drawn> gen_drawn() {
  return rc::gen::resize(100, rc::gen::exec([] {
    sc::RapidCheckChoices c;
    const auto opt = options();
    Drawn d;
    d.plan = sc::make_world(c, opt);
    d.world = sc::model_world(d.plan, kNow);
    d.request = sc::model_request(sc::make_s3_step(c, d.plan, {}, opt));
    return d;
  }));
}

// A policy of a token the generators would make for this world.
Policy draw_policy(const sc::World& w) {
  return *rc::gen::resize(100, rc::gen::exec([&w] {
    sc::RapidCheckChoices c;
    return sc::make_token(c, w, kNow).policies.front();
  }));
}

// A permutation of `v` (RapidCheck has no shuffle generator); shrinks toward the identity.
template <typename T>
rc::Gen<std::vector<T>> gen_permutation(std::vector<T> v) {
  const std::size_t n = v.size();
  return rc::gen::map(rc::gen::container<std::vector<std::size_t>>(n, rc::gen::inRange<std::size_t>(0, n == 0 ? 1 : n)),
                      [v](const std::vector<std::size_t>& picks) {
                        std::vector<T> out = v;
                        for (std::size_t i = out.size(); i-- > 1;) std::swap(out[i], out[picks[i] % (i + 1)]);
                        return out;
                      });
}

// The token that signs `r`; the property is discarded when no token has its id (anonymous,
// unknown-key).
Token& caller(World& w, const Request& r) {
  for (Token& t : w.tokens) {
    if (t.id == r.access_key_id) return t;
  }
  RC_DISCARD("the request names no token of the world");
}

RC_GTEST_PROP(DecideProperties, AddingAnAllowNeverRemovesAPermittedOutcome, ()) {
  Drawn d = *gen_drawn();
  Policy extra = draw_policy(d.plan);
  extra.effect = Effect::kAllow;
  const OutcomeClass before = decide(d.world, d.request, kNow).outcome;
  caller(d.world, d.request).policies.push_back(extra);
  const OutcomeClass after = decide(d.world, d.request, kNow).outcome;
  RC_TAG(to_string(before));
  if (before == OutcomeClass::kOk) RC_ASSERT(after == OutcomeClass::kOk);
  if (before != OutcomeClass::kAccessDenied) RC_ASSERT(after == before);
}

RC_GTEST_PROP(DecideProperties, AddingADenyNeverAddsAPermittedOutcome, ()) {
  Drawn d = *gen_drawn();
  Policy extra = draw_policy(d.plan);
  extra.effect = Effect::kDeny;
  const OutcomeClass before = decide(d.world, d.request, kNow).outcome;
  caller(d.world, d.request).policies.push_back(extra);
  const OutcomeClass after = decide(d.world, d.request, kNow).outcome;
  RC_TAG(to_string(after));
  if (after == OutcomeClass::kOk) RC_ASSERT(before == OutcomeClass::kOk);
  if (after != OutcomeClass::kAccessDenied) RC_ASSERT(after == before);
}

RC_GTEST_PROP(DecideProperties, WriteGrantPermitsEverythingTheReadGrantDoes, ()) {
  Drawn d = *gen_drawn();
  const OutcomeClass before = decide(d.world, d.request, kNow).outcome;
  for (Policy& p : caller(d.world, d.request).policies) {
    if (p.effect != Effect::kAllow) continue;
    for (std::string& g : p.permission_groups) {
      if (g == kItemRead) g = kItemWrite;
      if (g == kStorageRead) g = kStorageWrite;
    }
  }
  RC_TAG(to_string(before));
  if (before == OutcomeClass::kOk) RC_ASSERT(decide(d.world, d.request, kNow).outcome == OutcomeClass::kOk);
}

RC_GTEST_PROP(DecideProperties, BucketGroupsNeverPermitListBucketsOrConfiguration, (bool bare_account_flag)) {
  Drawn d = *gen_drawn();
  Request& r = d.request;
  r.operation = *rc::gen::element(Operation::kListBuckets, Operation::kCreateBucket, Operation::kDeleteBucket,
                                  Operation::kPutBucketCors, Operation::kDeleteBucketCors,
                                  Operation::kPutBucketLifecycleConfiguration, Operation::kGetBucketCors,
                                  Operation::kGetBucketLifecycleConfiguration, Operation::kGetBucketEncryption);
  Token& t = caller(d.world, r);
  for (Policy& p : t.policies) {
    for (std::string& g : p.permission_groups) {
      const PermissionGroup* pg = find_group(g);
      if (pg && pg->scope == kScopeAccount) g = *rc::gen::element(kItemRead, kItemWrite);
    }
  }
  DecideOptions o;
  o.bucket_group_on_bare_account_grants = bare_account_flag;
  Decision decision = decide(d.world, r, kNow, o);
  RC_TAG(to_string(r.operation));
  RC_ASSERT(decision.outcome != OutcomeClass::kOk);
  for (const RequirementCheck& rc : decision.requirements) RC_ASSERT(!rc.authorization.allowed);
}

RC_GTEST_PROP(DecideProperties, LookAlikeBucketsAreNeverConfused, ()) {
  Drawn d = *gen_drawn();
  Request& r = d.request;
  r.operation = *rc::gen::element(Operation::kGetObject, Operation::kPutObject, Operation::kListObjectsV2,
                                  Operation::kDeleteObject, Operation::kHeadBucket);
  // A bucket resource as the generators aim them: a world bucket or a near miss of one.
  const Resource granted = *rc::gen::resize(100, rc::gen::exec([&d] {
    sc::RapidCheckChoices c;
    return sc::make_resource(c, d.plan);
  }));
  RC_PRE(granted.kind == ResourceKind::kBucket);
  RC_PRE(!(granted.bucket == request_bucket(r)));
  Token& t = caller(d.world, r);
  t = token({allow({granted}, {kItemWrite})}, t.id);
  Decision decision = decide(d.world, r, kNow);
  RC_TAG(granted.bucket.account != r.account               ? "account"
         : granted.bucket.jurisdiction != r.jurisdiction ? "jurisdiction"
                                                          : "name");
  RC_ASSERT(decision.outcome == OutcomeClass::kAccessDenied);
}

RC_GTEST_PROP(DecideProperties, OrderOfPoliciesAndGroupsDoesNotMatter, ()) {
  Drawn d = *gen_drawn();
  const Decision before = decide(d.world, d.request, kNow);
  Token& t = caller(d.world, d.request);
  t.policies = *gen_permutation(t.policies);
  for (Policy& p : t.policies) p.permission_groups = *gen_permutation(p.permission_groups);
  const Decision after = decide(d.world, d.request, kNow);
  RC_TAG(to_string(before.outcome));
  RC_ASSERT(after.outcome == before.outcome);
  std::vector<std::string> a = before.rule_ids, b = after.rule_ids;
  std::sort(a.begin(), a.end());
  std::sort(b.begin(), b.end());
  RC_ASSERT(a == b);
}

RC_GTEST_PROP(DecideProperties, EmitThenParseIsTheIdentityOnValidTokens, ()) {
  const Drawn d = *gen_drawn();
  Token t = *rc::gen::elementOf(d.world.tokens);
  // Every status the API can report, not only those the generators give a world token.
  t.status = *rc::gen::element(TokenStatus::kActive, TokenStatus::kDisabled, TokenStatus::kExpired);
  auto back = parse_token(emit_token(t).dump(), TokenShape::kWorldToken);
  RC_ASSERT(back.ok());
  RC_ASSERT(*back == t);
}

// The generators reach every outcome class that needs no signature defect.
TEST(DecideProperties, GeneratorsReachTheInterestingClasses) {
  std::set<OutcomeClass> seen;
  rc::Random random(42);
  auto drawn = gen_drawn();
  for (int i = 0; i < 1500; ++i) {
    const Drawn d = drawn(random.split(), 30).value();
    seen.insert(decide(d.world, d.request, kNow).outcome);
  }
  for (OutcomeClass c : {OutcomeClass::kOk, OutcomeClass::kAccessDenied, OutcomeClass::kUnknownKey,
                         OutcomeClass::kInactiveToken, OutcomeClass::kIpDenied, OutcomeClass::kNoSuchBucket,
                         OutcomeClass::kNoSuchKey}) {
    EXPECT_TRUE(seen.count(c)) << to_string(c) << " never generated";
  }
}

}  // namespace
}  // namespace scopecheck::model::test
