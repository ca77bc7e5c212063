// Run reports say what a rule means beside its id, and count with nouns that agree.
#include "harness/report/rule_text.h"

#include <gtest/gtest.h>

#include <regex>

#include "harness/report/html.h"
#include "harness/report/junit.h"
#include "harness/report/markdown.h"
#include "harness/report/plural.h"
#include "harness/report/verdict.h"
#include "tests/report/sample_result.h"

namespace scopecheck::report {
namespace {

using testing::sample_result;

constexpr const char* kGist = "bucket resources match exactly on account, jurisdiction and name";

TEST(RuleTextTest, KnownIdsCarryTheirGistUnknownOnesStayBare) {
  EXPECT_EQ(rule_with_gist("SC-RES-2"), std::string("SC-RES-2 (") + kGist + ")");
  EXPECT_EQ(rule_with_gist("(none)"), "(none)");
}

TEST(RuleTextTest, EveryRunReportShowsTheRuleTextBesideItsId) {
  const RunResult r = sample_result();
  EXPECT_NE(render_markdown(r).find(std::string("| SC-RES-2 (") + kGist + ") | GetObject |"), std::string::npos);
  EXPECT_NE(render_junit(r).find(std::string("SC-RES-2 (") + kGist + "): expected 403"), std::string::npos);
  EXPECT_NE(render_html(r).find(std::string("<span class=\"gist\">") + kGist + "</span>"), std::string::npos);
}

TEST(PluralTest, CountedNounsAgree) {
  EXPECT_EQ(counted(1, "violation", "violations"), "1 violation");
  EXPECT_EQ(counted(0, "violation", "violations"), "0 violations");
  EXPECT_EQ(counted(2, "retry", "retries"), "2 retries");
}

TEST(PluralTest, OneViolationIsNeverOneViolations) {
  RunResult r = sample_result();
  r.violation_list.resize(1);
  r.violations = 1;
  r.unknowns = 1;
  r.unknown_list.resize(1);
  r.checks = 1;
  r.grid.clear();
  r.grid["SC-RES-2"]["GetObject"] = CellCounts{0, 1, 0};
  r.grid["SC-TK-3"]["PutObject"] = CellCounts{0, 0, 1};
  for (const auto& [name, text] : {std::pair{"verdict", verdict_line(r)}, {"summary.md", render_markdown(r)},
                                   {"junit.xml", render_junit(r)}, {"report.html", render_html(r)}}) {
    for (const char* wrong : {"violations", "checks", "unknowns", "passes", "cases", "attempts"})
      EXPECT_FALSE(std::regex_search(text, std::regex(std::string("(^|[^0-9])1 ") + wrong)))
          << name << " says \"1 " << wrong << "\"";
  }
  EXPECT_EQ(verdict_line(r), "FAIL: 1 violation and 1 unknown in 1 check");
  EXPECT_NE(render_junit(r).find("1 of 1 check was a violation"), std::string::npos) << render_junit(r);
}

}  // namespace
}  // namespace scopecheck::report
