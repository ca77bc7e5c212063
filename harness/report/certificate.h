// A certificate: one verdict per rule of SCOPING.md for a third-party S3 server (pass / fail /
// not applicable, at exact and at status strictness), what the run covered, the profile's declared
// deviations and the rule × operation grid; and its writers: certificate.json
// (scenarios/certificate.schema.json), certificate.html and certificate.md. `scopecheck certify`
// (harness/scenario/certify.h) fills it.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "harness/model/profile.h"
#include "harness/report/run_result.h"

namespace scopecheck::report {

enum class RuleVerdict { kPass, kFail, kNotApplicable };
// "pass", "fail", "not-applicable".
std::string_view to_string(RuleVerdict v);

struct RuleRow {
  std::string rule;
  std::string gist;
  RuleVerdict exact = RuleVerdict::kNotApplicable;
  RuleVerdict status = RuleVerdict::kNotApplicable;
  int64_t checks = 0;
  int64_t pass_exact = 0, fail_exact = 0;
  int64_t pass_status = 0, fail_status = 0;
  int64_t unknown = 0;
  int64_t deviating = 0;        // passes that hold only through the profile (R2 answers otherwise)
  bool declared_deviation = false;  // the profile lists a deviation for this rule
  std::string note;             // why not applicable, or what failed
  std::string example;          // a failing check: "PUT /b/k as t0 … → 200 (expected 403 …)"
  std::string case_file;        // failing: the shrunk case, relative to the certificate's folder
  std::string replay;           // failing: the command that replays it
  std::vector<std::string> findings;  // ids of the findings behind a failure ("F1"), and of differences
  int64_t matrix_checks = 0;    // judged checks of the deterministic matrix
  int64_t matrix_fail = 0;      // of them failing (exact)
  int64_t differences = 0;      // checks answered with a difference (not judged, see CertFinding)
  int64_t harness = 0;          // checks whose answer the harness's own request caused (not judged)
};

// Whether the rule's verdict rests on the random part (so another seed or budget can move it):
// reached only by random scenarios, or failing only there.
bool rests_on_random(const RuleRow& r);

// One root cause, however many rules and checks it touches.
struct CertFinding {
  enum class Kind {
    kFail,        // the server breaks the rules listed: one shrunk case
    kDifference,  // an answer differs from the profile's where no scoping decision is at stake (the
                  // caller holds the capability; a not-found or configuration class): not judged
    kHarness,     // the server refused the harness's own request document as malformed: for
                  // scopecheck to fix (or the server lacks the operation); not judged
  };
  Kind kind = Kind::kFail;
  std::string id;                  // F1…, D1…, H1…
  std::vector<std::string> rules;  // every rule the check touches
  std::string operation;
  std::string request;    // the example check, as shown in reports
  std::string answer;     // "200", "400 MalformedXML"
  std::string expected;   // the profile's answer: "404 NoSuchLifecycleConfiguration (…)"
  std::string why;        // the model's reasons for its expectation
  std::string explanation;  // what the certificate makes of it
  bool random_only = false;  // first seen in the random part: depends on seed and budget
  int64_t checks = 0;        // checks of this shape (differences, harness findings)
  std::string case_file;     // fail: the shrunk case, relative to the certificate's folder
  std::string replay;
  bool reproduced = true;    // fail: the shrunk case failed again when re-run
};
// "fail", "difference", "harness".
std::string_view to_string(CertFinding::Kind k);

struct Certificate {
  std::string format = "scopecheck-certificate/1";
  std::string target_kind;
  std::string target_name;  // as the server reports itself (Server header)
  std::string profile;
  std::string reference_profile;
  std::string harness_version;
  uint64_t seed = 0;
  int64_t budget_seconds = 0;
  std::string started_at;
  double duration_seconds = 0;
  int64_t scenarios = 0;
  int64_t not_expressible = 0;  // generated scenarios the target could not express
  int64_t setup_failures = 0;
  std::vector<std::string> setup_errors;  // first few
  int64_t checks = 0;
  int64_t unknowns = 0;
  // The signal that stopped certify before its end ("SIGINT", "SIGTERM"), "" otherwise: the
  // certificate then says INTERRUPTED and certifies nothing.
  std::string interrupted;
  std::vector<std::string> unknown_examples;  // first few undecided checks, with the answer
  // Operations the server answered 501 NotImplemented or 405 MethodNotAllowed where the profile lists no 501: not
  // implemented there, so not judged (and not counted as passes).
  std::map<std::string, int64_t> unsupported_operations;
  std::vector<RuleRow> rules;  // every rule of SCOPING.md, in its order
  std::vector<CertFinding> findings;  // failures by root cause, then differences, then harness findings
  int64_t matrix_scenarios = 0;  // of `scenarios`, the deterministic matrix's
  int64_t matrix_checks = 0;     // of `checks`, the matrix's
  std::vector<model::Deviation> deviations;  // as the profile declares them
  std::map<std::string, std::map<std::string, CellCounts>> grid;  // rule × operation, exact
};


// 0 every applicable rule passes at exact strictness, 1 some rule fails, 3 unknown checks, no
// rule exercised at all, or interrupted.
int certificate_exit_code(const Certificate& c);

nlohmann::json certificate_json(const Certificate& c);
std::string certificate_markdown(const Certificate& c);
// Self-contained: inline CSS, no scripts or external assets.
std::string certificate_html(const Certificate& c);
// Writes certificate.json, certificate.html and certificate.md into `dir` (created).
void write_certificate(const Certificate& c, const std::string& dir);

}  // namespace scopecheck::report
