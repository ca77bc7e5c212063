#include "harness/report/verdict.h"

#include <gtest/gtest.h>

#include "tests/report/sample_result.h"

namespace scopecheck::report {
namespace {

RunResult clean() {
  RunResult r;
  r.checks = r.passes = 10;
  return r;
}

TEST(VerdictTest, WordsAreStable) {
  EXPECT_EQ(verdict_word(Verdict::kPass), "PASS");
  EXPECT_EQ(verdict_word(Verdict::kViolations), "FAIL");
  EXPECT_EQ(verdict_word(Verdict::kInconclusive), "INCONCLUSIVE");
}

TEST(VerdictTest, ViolationsWinOverUnknowns) {
  EXPECT_EQ(verdict_of(testing::sample_result()), Verdict::kViolations);
  RunResult r = clean();
  EXPECT_EQ(verdict_of(r), Verdict::kPass);
  EXPECT_EQ(verdict_line(r), "PASS: 0 violations and 0 unknowns in 10 checks");
  r.unknowns = 1;
  EXPECT_EQ(verdict_of(r), Verdict::kInconclusive);
  EXPECT_EQ(verdict_line(r), "INCONCLUSIVE: 0 violations and 1 unknown in 10 checks");
  r.violations = 1;  // counted, never shrunk: nothing a baseline could accept
  EXPECT_EQ(verdict_of(r), Verdict::kViolations);
  EXPECT_EQ(verdict_line(r), "FAIL: 1 violation and 1 unknown in 10 checks");
}

TEST(VerdictTest, NoChecksIsInconclusive) {
  EXPECT_EQ(verdict_of(RunResult{}), Verdict::kInconclusive);
  EXPECT_EQ(verdict_line(RunResult{}), "INCONCLUSIVE: no checks ran");
}

TEST(VerdictTest, BaselineAcceptedViolationsDoNotFail) {
  RunResult r = clean();
  r.violations = 1;
  r.violation_list.emplace_back();
  r.violation_list.back().case_id = "c1";
  r.violation_list.back().rule = "SC-RES-2";
  r.baseline = BaselineSection{};
  r.baseline->accepted.push_back({"c1", "SC-RES-2", "known", "2030-01-01"});
  EXPECT_TRUE(is_accepted(r, r.violation_list[0]));
  EXPECT_EQ(new_violation_count(r), 0);
  EXPECT_EQ(verdict_of(r), Verdict::kPass);
  EXPECT_EQ(verdict_line(r), "PASS: 0 violations (1 accepted by the baseline) and 0 unknowns in 10 checks");
  r.baseline->accepted[0].rule = "SC-RES-1";  // same case, other rule: not the accepted one
  EXPECT_EQ(verdict_of(r), Verdict::kViolations);
}

}  // namespace
}  // namespace scopecheck::report
