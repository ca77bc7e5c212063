// The runner against the in-process emulator: the clean emulator agrees with the model, a seeded
// bug is caught, shrunk, saved, and its case replays to a violation on the mutant only.
#include "harness/scenario/runner.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <set>
#include <fstream>
#include <set>
#include <sstream>

#include "harness/model/rules.h"
#include "harness/scenario/profiles.h"
#include "harness/targets/emulator_target.h"

namespace scopecheck::scenario {
namespace {

model::Profile r2() { return find_profile("r2").value(); }

std::unique_ptr<targets::Target> emulator(std::vector<std::string> inject = {}, int propagation = 0, double faults = 0) {
  targets::EmulatorTargetOptions o;
  o.inject = std::move(inject);
  o.propagation_delay = propagation;
  o.faults = faults;
  o.seed = 7;
  o.request_timeout = std::chrono::milliseconds(1500);
  return std::make_unique<targets::EmulatorTarget>(o);
}

CaseFile read_case(const std::filesystem::path& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  auto parsed = parse_case(ss.str());
  EXPECT_TRUE(std::holds_alternative<CaseFile>(parsed)) << p;
  return std::get<CaseFile>(parsed);
}

std::filesystem::path temp_dir(const std::string& name) {
  auto d = std::filesystem::temp_directory_path() / ("scopecheck-test-" + name + "-" + std::to_string(::getpid()));
  std::filesystem::remove_all(d);
  std::filesystem::create_directories(d);
  return d;
}

TEST(Runner, CleanEmulatorPassesTheMatrix) {
  auto target = emulator();
  RunOptions o;
  o.matrix = true;
  o.random_phase = false;
  o.budget = std::chrono::seconds(300);
  auto r = run(*target, r2(), o);
  EXPECT_GE(r.checks, 500);
  EXPECT_EQ(r.violations, 0) << (r.violation_list.empty() ? "" : r.violation_list[0].steps.back());
  EXPECT_EQ(r.unknowns, 0);
  EXPECT_EQ(r.passes, r.checks);
}

TEST(Runner, CleanEmulatorPassesRandomScenarios) {
  auto target = emulator();
  RunOptions o;
  o.matrix = false;
  o.seed = 20261129;
  o.budget = std::chrono::seconds(600);
  o.max_checks = 1500;
  auto r = run(*target, r2(), o);
  EXPECT_GE(r.checks, 1500);
  EXPECT_EQ(r.violations, 0) << (r.violation_list.empty() ? "" : r.violation_list[0].expected + " / " + r.violation_list[0].actual);
  EXPECT_EQ(r.unknowns, 0);
}

TEST(Runner, SameSeedSameScenarios) {
  auto a = emulator();
  auto b = emulator();
  RunOptions o;
  o.matrix = false;
  o.seed = 99;
  o.budget = std::chrono::seconds(600);
  o.max_checks = 200;
  auto ra = run(*a, r2(), o);
  auto rb = run(*b, r2(), o);
  EXPECT_EQ(ra.checks, rb.checks);
  EXPECT_EQ(ra.distribution, rb.distribution);
}

TEST(Runner, MutantBucketPrefixMatchIsCaughtShrunkAndReplays) {
  const auto out = temp_dir("mutant");
  auto target = emulator({"bucket-prefix-match"});
  RunOptions o;
  o.out_dir = out.string();
  o.budget = std::chrono::seconds(120);
  o.injected_bugs = {"bucket-prefix-match"};
  auto r = run(*target, r2(), o);
  ASSERT_EQ(r.violations, 1);
  const auto& v = r.violation_list.at(0);
  EXPECT_EQ(v.rule.rfind("SC-", 0), 0u) << v.rule;  // a rule of SCOPING.md is named
  EXPECT_NE(v.replay_command.find("--inject bucket-prefix-match"), std::string::npos);
  const auto c = read_case(out / v.case_file);
  EXPECT_LE(c.scenario.steps.size(), 3u) << "not shrunk";
  ExecOptions eo;
  auto mutant = emulator({"bucket-prefix-match"});
  EXPECT_TRUE(replay(c, *mutant, r2(), eo).violation.has_value()) << "the saved case does not reproduce on the mutant";
  auto clean = emulator();
  auto on_clean = replay(c, *clean, r2(), eo);
  EXPECT_FALSE(on_clean.violation.has_value()) << on_clean.violation->request;
  std::filesystem::remove_all(out);
}

// The token API is a target of its own (SCOPING §11): a run against the clean emulator judges
// token-API calls with no violation, and a seeded token-API authorization bug is caught, naming
// the catalogue's rule. Fails if the API steps were not generated, not sent, or not judged.
TEST(Runner, TokenApiCallsAreJudgedOnTheCleanEmulator) {
  auto target = emulator();
  RunOptions o;
  o.matrix = false;
  o.seed = 12;
  o.budget = std::chrono::seconds(600);
  o.max_checks = 3000;
  auto r = run(*target, r2(), o);
  EXPECT_EQ(r.violations, 0) << (r.violation_list.empty() ? "" : r.violation_list[0].steps.back() + " / " + r.violation_list[0].actual);
  EXPECT_EQ(r.unknowns, 0);
  int64_t api = 0;
  std::set<std::string> judged;
  for (const auto& [rule, ops] : r.grid)
    for (const auto& [op, cell] : ops)
      if (op.rfind("token API ", 0) == 0) {
        api += cell.pass;
        judged.insert(rule);
      }
  EXPECT_GE(api, 30) << "token-API calls were not judged";
  for (const char* rule : {"SC-API-1", "SC-API-2", "SC-API-3", "SC-API-4", "SC-API-5", "SC-API-6", "SC-API-7", "SC-API-8"})
    EXPECT_TRUE(judged.count(rule)) << rule << " never decided a token-API check";
}

TEST(Runner, TokenApiAuthorizationBugsAreCaught) {
  for (const auto& [bug, rule] : std::vector<std::pair<std::string, std::string>>{{"api-read-writes", "SC-API-4"},
                                                                                 {"api-owner-ignored", "SC-API-5"},
                                                                                 {"api-get-reveals-value", "SC-API-7"},
                                                                                 {"verify-inactive-active", "SC-API-8"}}) {
    auto target = emulator({bug});
    RunOptions o;
    o.seed = 3;
    o.budget = std::chrono::seconds(120);
    o.injected_bugs = {bug};
    auto r = run(*target, r2(), o);
    ASSERT_EQ(r.violations, 1) << bug << " went unnoticed";
    EXPECT_EQ(r.violation_list.at(0).rule, rule) << bug;
  }
}

// SC-API-5 in the matrix (issue 13: every seeded bug caught within seconds): a token asked for
// under another owner's path is not found. The matrix alone, with no random phase, catches a target
// that ignores the path's owner; on the clean emulator the same calls pass, each direction judged
// (a user token under the account's path, an account token under the user path, both on their own).
TEST(Runner, TheMatrixAloneCatchesATokenFoundUnderAnotherOwnersPath) {
  RunOptions o;
  o.matrix = true;
  o.random_phase = false;
  o.budget = std::chrono::seconds(300);
  {
    auto clean = emulator();
    auto r = run(*clean, r2(), o);
    EXPECT_EQ(r.violations, 0) << (r.violation_list.empty() ? "" : r.violation_list[0].steps.back());
    EXPECT_EQ(r.unknowns, 0);
    EXPECT_GE(r.grid["SC-API-5"]["token API get"].pass, 2) << "the matrix asks no token under another owner's path";
    EXPECT_GE(r.grid["SC-API-7"]["token API get"].pass, 2) << "the matrix finds no token on its owner's path";
  }
  auto target = emulator({"api-owner-ignored"});
  o.injected_bugs = {"api-owner-ignored"};
  auto r = run(*target, r2(), o);
  ASSERT_GE(r.violations, 1) << "the matrix did not notice a token found under another owner's path";
  EXPECT_EQ(r.violation_list.at(0).rule, "SC-API-5");
}

// What a signature binds (issue 12.4, 12.7): a target that lets an element be changed after
// signing is caught by the default suite, and the violation names the catalogue's rule.
TEST(Runner, PostSigningPerturbationBugsAreCaughtWithTheirRule) {
  for (const auto& [bug, rule] : std::vector<std::pair<std::string, std::string>>{
           {"method-unbound", "SC-SIG-8"},
           {"query-extra-unbound", "SC-SIG-8"},
           {"presign-unsigned-amz-accepted", "SC-SIG-9"},
           {"host-unsigned-accepted", "SC-SIG-9"}}) {
    SCOPED_TRACE(bug);
    auto target = emulator({bug});
    RunOptions o;
    o.matrix = true;
    o.seed = 1;
    o.budget = std::chrono::seconds(120);
    o.injected_bugs = {bug};
    auto r = run(*target, r2(), o);
    ASSERT_GE(r.violations, 1) << bug << " went unnoticed";
    EXPECT_EQ(r.violation_list.at(0).rule, rule) << bug;
  }
}

// A GetObject replayed as HEAD after signing gets a body-less answer: its check says the request
// went as HEAD, so the certificate compares its status alone (RGW's certificate failed SC-SIG-8
// on a 403 without a Code before).
TEST(Runner, AGetReplayedAsHeadIsMarkedHead) {
  auto target = emulator();
  RunOptions o;
  int seen = 0;
  for (const auto& s : matrix_scenarios(o.gen)) {
    auto r = execute(s, *target, r2(), ExecOptions{});
    for (const auto& c : r.checks) {
      if (c.operation != "GetObject" || c.request.find("defect method-changed") == std::string::npos) continue;
      ++seen;
      EXPECT_TRUE(c.head) << c.request;
      EXPECT_EQ(c.status, 403);
      EXPECT_EQ(c.verdict, model::Verdict::kPass);
    }
  }
  EXPECT_GE(seen, 2);  // header-signed and presigned
}

// The hand-written examples and every saved regression case replay on the clean emulator with
// no violation (and with the answers the examples expect).
TEST(Runner, ExamplesAndRegressionsReplayCleanly) {
  int n = 0;
  std::vector<std::filesystem::path> files;
  for (const char* dir : {"scenarios/examples", "scenarios/regressions"})
    for (const auto& e : std::filesystem::directory_iterator(std::filesystem::path(SCOPECHECK_SOURCE_DIR) / dir))
      files.push_back(e.path());
  for (const auto& path : files) {
    if (path.extension() != ".json") continue;
    const auto c = read_case(path);
    auto target = emulator();
    ExecOptions eo;
    auto r = replay(c, *target, r2(), eo);
    EXPECT_TRUE(r.setup_error.empty()) << path << ": " << r.setup_error;
    EXPECT_FALSE(r.violation.has_value()) << path << ": " << r.violation->request << " → " << r.violation->status
                                          << " " << r.violation->code << "; " << r.violation->why;
    EXPECT_FALSE(r.checks.empty()) << path;
    ++n;
  }
  EXPECT_GE(n, 7);
}

TEST(Runner, ACaseExpectationThatTheTargetContradictsIsAViolation) {
  auto c = read_case(std::filesystem::path(SCOPECHECK_SOURCE_DIR) / "scenarios/examples/listbuckets-object-token.json");
  ASSERT_FALSE(c.expectations.empty());
  c.expectations.back().status = 200;  // claim ListBuckets works with an Object token
  auto target = emulator();
  auto r = replay(c, *target, r2(), ExecOptions{});
  ASSERT_TRUE(r.violation.has_value());
  EXPECT_EQ(r.violation->operation, "ListBuckets");
}

// Rule coverage from what a run judged (issue 12.5): a short default run against the emulator
// judges every rule of the rule book an S3 answer can decide, and names the reason for the rest.
TEST(Runner, ADefaultRunJudgesEveryRuleOrSaysWhyNot) {
  auto target = emulator();
  RunOptions o;
  o.matrix = true;
  o.seed = 1;
  o.budget = std::chrono::seconds(300);
  o.max_checks = 20000;
  auto r = run(*target, r2(), o);
  EXPECT_EQ(r.violations, 0) << (r.violation_list.empty() ? "" : r.violation_list[0].rule + " " + r.violation_list[0].expected + " / " + r.violation_list[0].actual);
  std::set<std::string> unjudged;
  for (const auto& u : r.unjudged_rules) {
    unjudged.insert(u.rule);
    EXPECT_FALSE(u.reason.empty()) << u.rule;
    EXPECT_EQ(r.judged_rules.count(u.rule), 0u) << u.rule << " is both judged and not";
  }
  for (const auto& rule : model::all_rules()) {
    const std::string id(rule.id);
    EXPECT_TRUE(r.judged_rules.count(id) || unjudged.count(id)) << id << " neither judged nor explained";
  }
  // Every rule an S3 answer can decide is judged; the token API's refusal of malformed resources
  // (SC-RES-1, SC-RES-5) and the SC-API rules are judged only by token-API calls (about 1 step
  // in 20), which this budget may not reach for every rule.
  for (const auto& u : r.unjudged_rules) {
    EXPECT_TRUE(u.rule == "SC-RES-1" || u.rule == "SC-RES-5" || u.rule.rfind("SC-API-", 0) == 0) << u.rule << ": " << u.reason;
    EXPECT_EQ(u.reason.rfind("not reached in the budget", 0), 0u) << u.rule << ": " << u.reason;
  }
}

// What a permitted listing reveals (issue 12.3, 12.7): a listing that shows another bucket's keys,
// or the other jurisdiction's buckets, is a violation naming the rule and the extra entries.
TEST(Runner, AListingLeakIsCaughtWithTheExtraEntries) {
  const std::vector<std::pair<std::string, std::string>> leaks{{"list-objects-sibling-buckets", "SC-PR-2"},
                                                               {"list-buckets-all-jurisdictions", "SC-GR-4"}};
  for (const auto& [bug, rule] : leaks) {
    SCOPED_TRACE(bug);
    auto target = emulator({bug});
    RunOptions o;
    o.matrix = true;
    o.seed = 1;
    o.budget = std::chrono::seconds(120);
    o.injected_bugs = {bug};
    ExecOptions eo;
    // The first violating check itself: its rule and what it saw.
    std::optional<CheckRecord> first;
    for (const auto& s : matrix_scenarios(o.gen)) {
      auto r = execute(s, *target, r2(), eo);
      if (r.violation) {
        first = r.violation;
        break;
      }
    }
    ASSERT_TRUE(first.has_value()) << "the matrix did not notice the leak";
    ASSERT_FALSE(first->rules.empty());
    EXPECT_EQ(first->rules.front(), rule) << first->why;
    EXPECT_NE(first->why.find("shown but not held (extra)"), std::string::npos) << first->why;
    auto run_result = run(*target, r2(), o);
    ASSERT_GE(run_result.violations, 1);
    EXPECT_EQ(run_result.violation_list.at(0).rule, rule);
  }
}

TEST(Runner, PropagationDelayGivesNoFalseViolation) {
  auto target = emulator({}, 5);
  RunOptions o;
  o.seed = 5;
  o.budget = std::chrono::seconds(600);
  o.max_checks = 800;
  auto r = run(*target, r2(), o);
  EXPECT_EQ(r.violations, 0) << (r.violation_list.empty() ? "" : r.violation_list[0].expected + " / " + r.violation_list[0].actual);
  EXPECT_EQ(r.unknowns, 0);
}

TEST(Runner, FaultsAreRetriedNotReported) {
  auto target = emulator({}, 0, 0.05);
  RunOptions o;
  o.seed = 6;
  o.matrix = false;
  o.budget = std::chrono::seconds(600);
  o.max_checks = 300;
  o.exec.retries = 8;
  auto r = run(*target, r2(), o);
  EXPECT_EQ(r.violations, 0) << (r.violation_list.empty() ? "" : r.violation_list[0].expected + " / " + r.violation_list[0].actual);
  EXPECT_GT(r.retries, 0) << "no fault was seen: the test proves nothing";
  EXPECT_EQ(r.unknowns, 0);
}

}  // namespace
}  // namespace scopecheck::scenario
