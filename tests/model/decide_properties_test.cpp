// Properties of decide() over generated worlds (harness/model/arbitrary.h).
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <algorithm>

#include "harness/model/arbitrary.h"
#include "harness/model/decide.h"
#include "harness/model/token_codec.h"
#include "tests/model/fixtures.h"

namespace scopecheck::model::test {
namespace {

namespace arb = scopecheck::model::arbitrary;

// The token that signs `r`; the property is discarded when no token has its id.
Token& caller(World& w, const Request& r) {
  for (Token& t : w.tokens) {
    if (t.id == r.access_key_id) return t;
  }
  RC_DISCARD("the request names no token of the world");
}


RC_GTEST_PROP(DecideProperties, AddingAnAllowNeverRemovesAPermittedOutcome, ()) {
  World w = *arb::gen_world(kNow);
  const Request r = *arb::gen_request_in(w);
  Policy extra = *arb::gen_policy();
  extra.effect = Effect::kAllow;
  const OutcomeClass before = decide(w, r, kNow).outcome;
  caller(w, r).policies.push_back(extra);
  const OutcomeClass after = decide(w, r, kNow).outcome;
  RC_TAG(to_string(before));
  if (before == OutcomeClass::kOk) RC_ASSERT(after == OutcomeClass::kOk);
  if (before != OutcomeClass::kAccessDenied) RC_ASSERT(after == before);
}

RC_GTEST_PROP(DecideProperties, AddingADenyNeverAddsAPermittedOutcome, ()) {
  World w = *arb::gen_world(kNow);
  const Request r = *arb::gen_request_in(w);
  Policy extra = *arb::gen_policy();
  extra.effect = Effect::kDeny;
  const OutcomeClass before = decide(w, r, kNow).outcome;
  caller(w, r).policies.push_back(extra);
  const OutcomeClass after = decide(w, r, kNow).outcome;
  RC_TAG(to_string(after));
  if (after == OutcomeClass::kOk) RC_ASSERT(before == OutcomeClass::kOk);
  if (after != OutcomeClass::kAccessDenied) RC_ASSERT(after == before);
}

RC_GTEST_PROP(DecideProperties, WriteGrantPermitsEverythingTheReadGrantDoes, ()) {
  World w = *arb::gen_world(kNow);
  const Request r = *arb::gen_request_in(w);
  const OutcomeClass before = decide(w, r, kNow).outcome;
  for (Policy& p : caller(w, r).policies) {
    if (p.effect != Effect::kAllow) continue;
    for (std::string& g : p.permission_groups) {
      if (g == kItemRead) g = kItemWrite;
      if (g == kStorageRead) g = kStorageWrite;
    }
  }
  RC_TAG(to_string(before));
  if (before == OutcomeClass::kOk) RC_ASSERT(decide(w, r, kNow).outcome == OutcomeClass::kOk);
}

RC_GTEST_PROP(DecideProperties, BucketGroupsNeverPermitListBucketsOrConfiguration, (bool bare_account_flag)) {
  World w = *arb::gen_world(kNow);
  Request r = *arb::gen_request_in(w);
  r.operation = *rc::gen::element(Operation::kListBuckets, Operation::kCreateBucket, Operation::kDeleteBucket,
                                  Operation::kPutBucketCors, Operation::kDeleteBucketCors,
                                  Operation::kPutBucketLifecycleConfiguration, Operation::kGetBucketCors,
                                  Operation::kGetBucketLifecycleConfiguration, Operation::kGetBucketEncryption);
  Token& t = caller(w, r);
  for (Policy& p : t.policies) {
    for (std::string& g : p.permission_groups) {
      const PermissionGroup* pg = find_group(g);
      if (pg && pg->scope == kScopeAccount) g = *rc::gen::element(kItemRead, kItemWrite);
    }
  }
  DecideOptions o;
  o.bucket_group_on_bare_account_grants = bare_account_flag;
  Decision d = decide(w, r, kNow, o);
  RC_TAG(to_string(r.operation));
  RC_ASSERT(d.outcome != OutcomeClass::kOk);
  for (const RequirementCheck& rc : d.requirements) RC_ASSERT(!rc.authorization.allowed);
}

RC_GTEST_PROP(DecideProperties, LookAlikeBucketsAreNeverConfused, ()) {
  World w = *arb::gen_world(kNow);
  Request r = *arb::gen_request_in(w);
  r.operation = *rc::gen::element(Operation::kGetObject, Operation::kPutObject, Operation::kListObjectsV2,
                                  Operation::kDeleteObject, Operation::kHeadBucket);
  const BucketRef granted = *arb::gen_bucket_ref();
  RC_PRE(!(granted == request_bucket(r)));
  Token& t = caller(w, r);
  t = token({allow({Resource::one_bucket(granted)}, {kItemWrite})}, t.id);
  Decision d = decide(w, r, kNow);
  RC_TAG(granted.account != r.account ? "account" : granted.jurisdiction != r.jurisdiction ? "jurisdiction" : "name");
  RC_ASSERT(d.outcome == OutcomeClass::kAccessDenied);
}

RC_GTEST_PROP(DecideProperties, OrderOfPoliciesAndGroupsDoesNotMatter, ()) {
  World w = *arb::gen_world(kNow);
  const Request r = *arb::gen_request_in(w);
  const Decision before = decide(w, r, kNow);
  Token& t = caller(w, r);
  t.policies = *arb::gen_permutation(t.policies);
  for (Policy& p : t.policies) p.permission_groups = *arb::gen_permutation(p.permission_groups);
  const Decision after = decide(w, r, kNow);
  RC_TAG(to_string(before.outcome));
  RC_ASSERT(after.outcome == before.outcome);
  std::vector<std::string> a = before.rule_ids, b = after.rule_ids;
  std::sort(a.begin(), a.end());
  std::sort(b.begin(), b.end());
  RC_ASSERT(a == b);
}

RC_GTEST_PROP(DecideProperties, EmitThenParseIsTheIdentityOnValidTokens, ()) {
  const Token t = *arb::gen_token(*rc::gen::elementOf(arb::token_id_pool()), kNow);
  auto back = parse_token(emit_token(t).dump(), TokenShape::kWorldToken);
  RC_ASSERT(back.ok());
  RC_ASSERT(*back == t);
}

// The generators reach every outcome class that needs no signature defect.
TEST(DecideProperties, GeneratorsReachTheInterestingClasses) {
  std::set<OutcomeClass> seen;
  rc::Random random(42);
  auto worlds = arb::gen_world(kNow);
  for (int i = 0; i < 1500; ++i) {
    World w = worlds(random.split(), 30).value();
    Request r = arb::gen_request_in(w)(random.split(), 30).value();
    seen.insert(decide(w, r, kNow).outcome);
  }
  for (OutcomeClass c : {OutcomeClass::kOk, OutcomeClass::kAccessDenied, OutcomeClass::kUnknownKey,
                         OutcomeClass::kInactiveToken, OutcomeClass::kIpDenied, OutcomeClass::kNoSuchBucket,
                         OutcomeClass::kNoSuchKey}) {
    EXPECT_TRUE(seen.count(c)) << to_string(c) << " never generated";
  }
}

}  // namespace
}  // namespace scopecheck::model::test
