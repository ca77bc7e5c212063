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
};

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
  std::vector<std::string> unknown_examples;  // first few undecided checks, with the answer
  // Operations the server answered 501 NotImplemented or 405 MethodNotAllowed where the profile lists no 501: not
  // implemented there, so not judged (and not counted as passes).
  std::map<std::string, int64_t> unsupported_operations;
  std::vector<RuleRow> rules;  // every rule of SCOPING.md, in its order
  std::vector<model::Deviation> deviations;  // as the profile declares them
  std::map<std::string, std::map<std::string, CellCounts>> grid;  // rule × operation, exact
};


// 0 every applicable rule passes at exact strictness, 1 some rule fails, 3 unknown checks or no
// rule exercised at all.
int certificate_exit_code(const Certificate& c);

nlohmann::json certificate_json(const Certificate& c);
std::string certificate_markdown(const Certificate& c);
// Self-contained: inline CSS, no scripts or external assets.
std::string certificate_html(const Certificate& c);
// Writes certificate.json, certificate.html and certificate.md into `dir` (created).
void write_certificate(const Certificate& c, const std::string& dir);

}  // namespace scopecheck::report
