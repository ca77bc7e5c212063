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

TEST(CheckerBrokenRule, ARefusalNamesTheTierThatRefused) {
  // A read-only token deletes: the operation's class refuses it, whatever the wrong answer.
  const auto w = world(reader());
  EXPECT_EQ(rule_of(w, request(model::Operation::kDeleteObject), got(204)), "SC-OP-2");
  // Another bucket, which does not exist: the resource match refused it; a 404 also breaks SC-PR-1,
  // which the expectation lists after it.
  const auto e = expect(w, request(model::Operation::kGetObject, "gone"), 100, r2(), {}, 0);
  EXPECT_NE(std::find(e.rules.begin(), e.rules.end(), "SC-PR-1"), e.rules.end());
  EXPECT_EQ(rule_of(w, request(model::Operation::kGetObject, "gone"), got(404, "NoSuchBucket")), "SC-RES-2");
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
  auto head_403 = got(403);
  head_403.head = true;  // a HEAD answer has no body: only its status is compared
  EXPECT_EQ(rule_of(w, request(model::Operation::kHeadObject), head_403), "SC-OP-2");
  // A GetObject refused: the grant that allows it (the exact bucket match).
  EXPECT_EQ(rule_of(w, request(model::Operation::kGetObject), got(403, "AccessDenied")), "SC-RES-2");
}

}  // namespace broken

// compare_state (issue 12.3): a successful answer that reveals state against the state held.
namespace state {

using broken::kAcct;

http::Response xml(std::string body) { return answer(200, std::move(body)); }

model::World two_buckets() {
  model::World w;
  w.accounts = {kAcct};
  w.buckets = {{{kAcct, model::Jurisdiction::kDefault, "logs"}, {"a.txt", "dir/b.txt", "dir/c.txt"}},
               {{kAcct, model::Jurisdiction::kEu, "logs"}, {}}};
  return w;
}

model::Request list(model::Operation op) {
  model::Request r;
  r.operation = op;
  r.account = kAcct;
  r.bucket = op == model::Operation::kListBuckets ? "" : "logs";
  return r;
}

std::string objects(const std::vector<std::string>& keys, const std::vector<std::string>& prefixes, bool truncated,
                    const std::string& next = "") {
  std::string b = "<ListBucketResult><Name>logs</Name><KeyCount>1</KeyCount><IsTruncated>" +
                  std::string(truncated ? "true" : "false") + "</IsTruncated>";
  if (!next.empty()) b += "<NextContinuationToken>" + next + "</NextContinuationToken>";
  for (const auto& k : keys) b += "<Contents><Key>" + k + "</Key><Size>" + std::to_string(19 + k.size()) + "</Size></Contents>";
  for (const auto& p : prefixes) b += "<CommonPrefixes><Prefix>" + p + "</Prefix></CommonPrefixes>";
  return b + "</ListBucketResult>";
}

TEST(CheckerState, ListBucketsShowsExactlyTheEndpointsJurisdiction) {
  const auto w = two_buckets();
  const Holdings h;
  std::string next;
  const std::string both = "<ListAllMyBucketsResult><Buckets><Bucket><Name>logs</Name></Bucket><Bucket><Name>eu-only</Name>"
                           "</Bucket></Buckets></ListAllMyBucketsResult>";
  auto f = compare_state(r2(), w, h, list(model::Operation::kListBuckets), {}, {}, xml(both), &next);
  EXPECT_EQ(f.rule, "SC-GR-4");
  EXPECT_EQ(f.extra, (std::vector<std::string>{"eu-only"}));
  EXPECT_TRUE(f.missing.empty());
  const std::string none = "<ListAllMyBucketsResult><Buckets></Buckets></ListAllMyBucketsResult>";
  f = compare_state(r2(), w, h, list(model::Operation::kListBuckets), {}, {}, xml(none), &next);
  EXPECT_EQ(f.missing, (std::vector<std::string>{"logs"}));
  // A bucket a write without an answer may have made is neither extra nor missing.
  Holdings unsure;
  unsure.uncertain.insert(bucket_id({kAcct, model::Jurisdiction::kDefault, "eu-only"}));
  auto only_logs = compare_state(r2(), w, unsure, list(model::Operation::kListBuckets), {}, {}, xml(both), &next);
  EXPECT_TRUE(only_logs.agrees()) << only_logs.describe();
}

TEST(CheckerState, ListObjectsPrefixDelimiterAndPages) {
  const auto w = two_buckets();
  Holdings h;
  for (const char* k : {"a.txt", "dir/b.txt", "dir/c.txt"})
    h.objects[object_id({kAcct, model::Jurisdiction::kDefault, "logs"}, k)] = {"scopecheck object " + std::string(k) + "\n", false};
  std::string next;
  const auto req = list(model::Operation::kListObjectsV2);
  EXPECT_TRUE(compare_state(r2(), w, h, req, {}, {}, xml(objects({"a.txt", "dir/b.txt", "dir/c.txt"}, {}, false)), &next).agrees());
  // Rolled up at '/': a.txt and dir/, in pages of one.
  ListingScope scope{"", "/", 1, 0};
  auto f = compare_state(r2(), w, h, req, scope, {}, xml(objects({"a.txt"}, {}, true, "t1")), &next);
  EXPECT_TRUE(f.agrees()) << f.describe();
  EXPECT_EQ(next, "t1");
  scope.page = 1;
  f = compare_state(r2(), w, h, req, scope, {}, xml(objects({}, {"dir/"}, false)), &next);
  EXPECT_TRUE(f.agrees()) << f.describe();
  EXPECT_TRUE(next.empty());
  // A key of another bucket (logs-archive's) in the listing: extra; a held key not shown: missing.
  f = compare_state(r2(), w, h, req, {}, {}, xml(objects({"a.txt", "dir/b.txt", "dir/c.txt", "src.txt"}, {}, false)), &next);
  EXPECT_EQ(f.rule, "SC-PR-2");
  EXPECT_EQ(f.extra, (std::vector<std::string>{"src.txt"}));
  f = compare_state(r2(), w, h, req, ListingScope{"dir/", "", 0, 0}, {}, xml(objects({"dir/b.txt"}, {}, false)), &next);
  EXPECT_EQ(f.missing, (std::vector<std::string>{"dir/c.txt"}));
  // The prefix ignored: a.txt shown outside "dir/".
  f = compare_state(r2(), w, h, req, ListingScope{"dir/", "", 0, 0}, {},
                    xml(objects({"a.txt", "dir/b.txt", "dir/c.txt"}, {}, false)), &next);
  EXPECT_EQ(f.extra, (std::vector<std::string>{"a.txt"}));
  // A profile that does not compare state: nothing is compared.
  auto quiet = r2();
  quiet.features.state_answers = model::ProfileFeatures::StateAnswers::kNotCompared;
  EXPECT_TRUE(compare_state(quiet, w, h, req, {}, {}, xml(objects({"src.txt"}, {}, false)), &next).agrees());
}

TEST(CheckerState, GetObjectBytesAndHeadObjectLength) {
  const auto w = two_buckets();
  Holdings h;
  const model::BucketRef logs{kAcct, model::Jurisdiction::kDefault, "logs"};
  h.objects[object_id(logs, "a.txt")] = {"hello", false};
  model::Request get = list(model::Operation::kGetObject);
  get.key = "a.txt";
  std::string next;
  EXPECT_TRUE(compare_state(r2(), w, h, get, {}, {}, answer(200, "hello"), &next).agrees());
  auto f = compare_state(r2(), w, h, get, {}, {}, answer(200, "other bucket's bytes"), &next);
  EXPECT_EQ(f.rule, "SC-PR-2");
  model::Request head = get;
  head.operation = model::Operation::kHeadObject;
  auto r = answer(200, "");
  r.headers.emplace_back("Content-Length", "9");
  EXPECT_EQ(compare_state(r2(), w, h, head, {}, {}, r, &next).rule, "SC-PR-2");
  // An object a write without an answer touched may hold anything.
  h.uncertain.insert(object_id(logs, "a.txt"));
  EXPECT_TRUE(compare_state(r2(), w, h, get, {}, {}, answer(200, "other"), &next).agrees());
}

TEST(CheckerState, AnErrorNamesOnlyWhatTheRequestNamed) {
  model::Request get = list(model::Operation::kGetObject);
  get.key = "a.txt";
  auto error = [](const std::string& inner) {
    return answer(404, "<?xml version=\"1.0\"?><Error><Code>NoSuchKey</Code><Message>m</Message>" + inner + "</Error>");
  };
  EXPECT_TRUE(compare_error_names(get, error("")).agrees()) << "an error that names nothing";
  EXPECT_TRUE(compare_error_names(get, error("<BucketName>logs</BucketName><Key>a.txt</Key>")).agrees());
  const auto other_key = compare_error_names(get, error("<BucketName>logs</BucketName><Key>secret/plan.txt</Key>"));
  EXPECT_EQ(other_key.rule, "SC-PR-2");
  EXPECT_NE(other_key.describe().find("Key secret/plan.txt"), std::string::npos) << other_key.describe();
  EXPECT_EQ(compare_error_names(get, error("<BucketName>payroll</BucketName>")).rule, "SC-PR-2");
  // A copy's error may name its source.
  model::Request copy = list(model::Operation::kCopyObject);
  copy.key = "b.txt";
  copy.source_bucket = "archive";
  copy.source_key = "old.txt";
  EXPECT_TRUE(compare_error_names(copy, error("<BucketName>archive</BucketName><Key>old.txt</Key>")).agrees());
  // Successes and bodies that are not S3 errors are not this comparison's.
  EXPECT_TRUE(compare_error_names(get, answer(200, "<Error><Key>x</Key></Error>")).agrees());
  EXPECT_TRUE(compare_error_names(get, answer(403, "Forbidden")).agrees());
}

}  // namespace state

}  // namespace
}  // namespace scopecheck::scenario
