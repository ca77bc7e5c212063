// The checker (harness/scenario/checker.h): what an answer says in the model's terms, and the
// verdict of an answer against acceptable classes.
#include "harness/scenario/checker.h"

#include <gtest/gtest.h>

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

}  // namespace
}  // namespace scopecheck::scenario
