// The checker: the one place where an answer is compared with the reference model. Run, certify,
// replay and the differential fuzzer all come through here (the executor calls it for every
// request); nothing else compares answers.
//   expect(): from the model's world, the request's facts, the time, the profile and the
//             presented token's change history — the acceptable classes, the rules behind them
//             and the wire answers they mean;
//   observe(): what an HTTP answer says, as the model's terms (status, S3 Code);
//   judge():  from an expectation, an answer and a strictness — pass, violation or unknown.
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <span>
#include <string>
#include <vector>

#include "harness/http/message.h"
#include "harness/model/decide.h"
#include "harness/model/operation.h"
#include "harness/model/profile.h"
#include "harness/model/propagation.h"
#include "harness/model/world.h"

namespace scopecheck::scenario {

struct Expectation {
  std::vector<model::OutcomeClass> classes;  // acceptable (several inside a propagation window)
  std::vector<std::string> rules;            // the rules that decided the first class
  std::string wire;                          // "403 AccessDenied (access-denied)" or "… or …"
  std::string why;                           // the model's findings, one line
  bool ok_acceptable() const;
};

// `history` is the presented token's versions (empty: no known token presented); with a
// propagation `window` > 0 every outcome the old or new state would give inside the window is
// acceptable.
Expectation expect(const model::World& world, const model::Request& facts, int64_t now, const model::Profile& profile,
                   std::span<const model::TokenVersion> history, int64_t window);

// The answer in the model's terms: the status, the S3 Code of an error body. A DeleteObjects 200
// whose every entry is AccessDenied (AWS, RGW, Swift) is a refusal: 403 AccessDenied.
model::ActualAnswer observe(model::Operation op, bool head, const http::Response& response);
model::ActualAnswer no_answer(bool head);  // a transport failure

// Pass if any acceptable class passes; unknown if none passes and one is undecided (a transport
// failure, a 500/503 the profile does not list).
model::Verdict judge(const model::Profile& profile, const std::vector<model::OutcomeClass>& expected,
                     const model::ActualAnswer& actual, model::Strictness strictness);

// The rule an answer judged a violation breaks, the most precise the model can tell (run only on
// violations, it decides again): SC-TK-5 for a rolled-away secret; SC-TK-6 when the answer is
// what a version of the presented token older than the window gives (the change did not take
// effect); for an authorized request answered AccessDenied, the rule that authorizes it (SC-OP-2
// for HEAD and POST ?delete, whose class the markers decide; else the grant of the request's own
// bucket); otherwise the first rule of the expectation — the tier that decided it (a refusal
// answered 404 names the grant tier that refused, SC-PR-1 follows it among the rules).
std::string broken_rule(const model::World& world, const model::Request& facts, int64_t now, const model::Profile& profile,
                        std::span<const model::TokenVersion> history, const Expectation& expected,
                        const model::ActualAnswer& actual, model::Strictness strictness);

// What answers that reveal state are compared with (SCOPING §10, SC-GR-4, SC-PR-2): beside the
// model's world (buckets, object keys, open uploads), the bytes of each object and the parts of
// each open upload, and the entries a write without a decided answer may or may not have changed.
struct Holdings {
  struct Object {
    std::string bytes;
    bool multipart = false;  // made by CompleteMultipartUpload: its ETag is not the MD5 of its bytes
  };
  std::map<std::string, Object> objects;  // by object_id()
  std::set<std::string> uncertain;        // object_id()s, bucket_id()s, and uploads_id()s of buckets
};
std::string bucket_id(const model::BucketRef& b);
std::string object_id(const model::BucketRef& b, std::string_view key);
std::string uploads_id(const model::BucketRef& b);

// One page of a listing: the step's prefix, delimiter and page size, and which page.
struct ListingScope {
  std::string prefix;
  std::string delimiter;
  int max_keys = 0;  // 0: one page of up to 1000
  int page = 0;
};

// A successful answer that reveals more (or less) than the state: the rule, the entries shown but
// not held (extra), held but not shown (missing), and any other difference (bytes, sizes, pages).
struct StateFinding {
  std::string rule;  // empty: the answer agrees
  std::vector<std::string> extra;
  std::vector<std::string> missing;
  std::string detail;
  bool agrees() const { return rule.empty(); }
  std::string describe() const;  // "extra: a, b; missing: c; …"
};

// Compares a 2xx answer of ListBuckets, ListObjects(V2), ListMultipartUploads, ListParts,
// GetObject or HeadObject with the state; other operations always agree. `parts` are the open
// upload's (number, ETag) for ListParts. `next_marker` receives a truncated listing's marker for
// the next page (empty: no further page). Cheap when nothing differs: one parse, one walk.
StateFinding compare_state(const model::Profile& profile, const model::World& world, const Holdings& holdings,
                           const model::Request& facts, const ListingScope& scope,
                           const std::vector<std::pair<int, std::string>>& parts, const http::Response& answer,
                           std::string* next_marker);
// An error answer's <BucketName> and <Key> (S3 puts them in NoSuchBucket, NoSuchKey and others)
// name only what the request named: its bucket or key, or a copy's source (SC-PR-2). Any other
// answer, or an error body without those elements, agrees.
StateFinding compare_error_names(const model::Request& facts, const http::Response& answer);

// The token API (SCOPING §11). expect_api(): the model's decision for one call, with the profile's
// wire answer for people; judge_api(): the answer's status, `success`, error code (at exact
// strictness, where the profile lists codes) and, for a success, its content (SC-API-5/7/8).
struct ApiExpectation {
  model::ApiDecision decision;
  std::string wire;  // "401 1000 (api-invalid-token)"
};
ApiExpectation expect_api(std::span<const model::ApiToken> tokens, const model::ApiCall& call, int64_t now,
                          const model::Profile& profile, std::span<const std::string> gone_ids);
struct ApiJudgement {
  model::Verdict verdict = model::Verdict::kPass;
  std::string rule;    // the rule the answer breaks (the decision's, or the content rule)
  std::string detail;  // what is wrong, for a violation
  int code = 0;        // the first errors[].code of a failure envelope
};
ApiJudgement judge_api(const model::Profile& profile, const ApiExpectation& expected, int status,
                       const std::string& body, model::Strictness strictness);
std::string describe_expected(const model::Profile& profile, model::ApiOutcome c);

// "403 AccessDenied (access-denied)" — the profile's answer for a class, for people.
std::string describe_expected(const model::Profile& profile, model::OutcomeClass c);

}  // namespace scopecheck::scenario
