// The checker (harness/scenario/checker.h): what an answer says in the model's terms, and the
// verdict of an answer against acceptable classes.
#include "harness/scenario/checker.h"

#include <gtest/gtest.h>

#include "harness/model/permission_groups.h"
#include "harness/scenario/profiles.h"
#include "tests/model/fixtures.h"

namespace scopecheck::scenario {
namespace {

using model::OutcomeClass;
using model::Strictness;
using model::Verdict;

model::Profile r2() { return find_profile("r2").value(); }

http::Response answer(int status, std::string body) {
  http::Response r;
  r.status = status;
  r.body = std::move(body);
  return r;
}

TEST(Checker, AnErrorBodysCodeIsObserved) {
  const auto a = observe(model::Operation::kGetObject, false,
                         answer(403, "<?xml version=\"1.0\"?><Error><Code>AccessDenied</Code></Error>"));
  EXPECT_EQ(a.status, 403);
  EXPECT_EQ(a.code, "AccessDenied");
}

TEST(Checker, DeleteObjectsRefusingEveryKeyIsARefusal) {
  const std::string all_denied =
      "<DeleteResult><Error><Key>a</Key><Code>AccessDenied</Code></Error><Error><Key>b</Key><Code>AccessDenied</Code>"
      "</Error></DeleteResult>";
  const auto a = observe(model::Operation::kDeleteObjects, false, answer(200, all_denied));
  EXPECT_EQ(a.status, 403);
  EXPECT_EQ(a.code, "AccessDenied");
  const std::string one_deleted = "<DeleteResult><Deleted><Key>a</Key></Deleted></DeleteResult>";
  EXPECT_EQ(observe(model::Operation::kDeleteObjects, false, answer(200, one_deleted)).status, 200);
}

TEST(Checker, AnyAcceptableClassPasses) {
  const auto p = r2();
  model::ActualAnswer ok;
  ok.status = 200;
  EXPECT_EQ(judge(p, {OutcomeClass::kAccessDenied, OutcomeClass::kOk}, ok, Strictness::kExact), Verdict::kPass);
  EXPECT_EQ(judge(p, {OutcomeClass::kAccessDenied}, ok, Strictness::kExact), Verdict::kViolation);
}

TEST(Checker, NoAnswerIsUnknownNeverAPassOrAViolation) {
  EXPECT_EQ(judge(r2(), {OutcomeClass::kAccessDenied}, no_answer(false), Strictness::kExact), Verdict::kUnknown);
  EXPECT_EQ(judge(r2(), {OutcomeClass::kOk}, no_answer(true), Strictness::kDecision), Verdict::kUnknown);
}

TEST(Checker, TheExpectedWireNamesTheProfilesAnswer) {
  EXPECT_EQ(describe_expected(r2(), OutcomeClass::kAccessDenied), "403 AccessDenied (access-denied)");
}

// A success the model expects carries its reasons too: the grant that allows it. A certificate
// finding for a refused success ("expected 200, got 404") otherwise says nothing of why.
TEST(Checker, AnExpectedSuccessIsExplainedByTheGrantThatAllowsIt) {
  using namespace model::test;
  auto w = base_world();
  w.tokens.push_back(token({allow({logs_res()}, {kItemRead})}));
  const auto e = expect(w, base_request(), kNow, r2(), {}, 0);
  ASSERT_TRUE(e.ok_acceptable());
  EXPECT_NE(e.why.find("bucket.read on"), std::string::npos) << e.why;
  EXPECT_NE(e.why.find("granted by policy[0]"), std::string::npos) << e.why;
  EXPECT_EQ(e.why.rfind("SC-", 0), 0u) << "starts with the rule id: " << e.why;
}

// The rule a violation names (issue 12.5): the one the answer breaks, not the first of the
// expectation's list whatever the answer was.
namespace broken {

const std::string kAcct = "4793d734c0b8e484dfc37ec392b5fa8a";
const std::string kId = "ed17574386854bf78a67040be0a770b0";

model::Token reader(model::TokenStatus status = model::TokenStatus::kActive) {
  model::Token t;
  t.id = kId;
  t.value = "v";
  t.status = status;
  model::Policy p;
  p.permission_groups = {std::string(model::kItemReadId)};
  p.resources = {model::Resource::one_bucket({kAcct, model::Jurisdiction::kDefault, "logs"})};
  t.policies = {p};
  return t;
}

model::World world(const model::Token& t) {
  model::World w;
  w.accounts = {kAcct};
  w.buckets = {{{kAcct, model::Jurisdiction::kDefault, "logs"}, {"a.txt"}}};
  w.tokens = {t};
  return w;
}

model::Request request(model::Operation op, std::string bucket = "logs", std::string key = "a.txt") {
  model::Request r;
  r.operation = op;
  r.account = kAcct;
  r.bucket = std::move(bucket);
  r.key = std::move(key);
  r.access_key_id = kId;
  r.token_value = "v";
  return r;
}

model::ActualAnswer got(int status, std::string code = "") {
  model::ActualAnswer a;
  a.status = status;
  if (!code.empty()) a.code = std::move(code);
  return a;
}

std::string rule_of(const model::World& w, const model::Request& r, const model::ActualAnswer& a,
                    std::span<const model::TokenVersion> history = {}) {
  const auto e = expect(w, r, 100, r2(), history, 0);
  EXPECT_NE(judge(r2(), e.classes, a, Strictness::kExact), Verdict::kPass) << "not a violation";
  return broken_rule(w, r, 100, r2(), history, e, a, Strictness::kExact);
}

TEST(CheckerBrokenRule, ARefusalAnsweredWithTheStateItHidesIsSCPR1) {
  // A read-only token deletes from a bucket that does not exist: 403, never 404.
  const auto w = world(reader());
  EXPECT_EQ(rule_of(w, request(model::Operation::kDeleteObject, "gone"), got(404, "NoSuchBucket")), "SC-PR-1");
  // The same request answered 204 broke the operation's class.
  EXPECT_EQ(rule_of(w, request(model::Operation::kDeleteObject), got(204)), "SC-OP-2");
}

TEST(CheckerBrokenRule, AnAnswerOfTheTokensOldStateIsSCTK6) {
  const auto now_disabled = reader(model::TokenStatus::kDisabled);
  const std::vector<model::TokenVersion> history{{0, reader()}, {50, now_disabled}};
  const auto w = world(now_disabled);
  EXPECT_EQ(rule_of(w, request(model::Operation::kGetObject), got(200), history), "SC-TK-6");
  // Without a change in the scenario the same answer is the status check's failure.
  EXPECT_EQ(rule_of(w, request(model::Operation::kGetObject), got(200)), "SC-TK-3");
}

TEST(CheckerBrokenRule, AnAuthorizedHeadRefusedIsTheOperationsClass) {
  const auto w = world(reader());
  EXPECT_EQ(rule_of(w, request(model::Operation::kHeadObject), got(403)), "SC-OP-2");
  // A GetObject refused: the grant that allows it (the exact bucket match).
  EXPECT_EQ(rule_of(w, request(model::Operation::kGetObject), got(403, "AccessDenied")), "SC-RES-2");
}

}  // namespace broken

}  // namespace
}  // namespace scopecheck::scenario
